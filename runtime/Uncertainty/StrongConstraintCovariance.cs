using System;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// The covariance of a path when the model holds exactly (R_f → ∞): the unknowns are the estimated
/// parameters and the initial state u = (θ, x₀), every state is x(n) = Φⁿ(x₀; θ), and to first order
/// x(n) − x̂(n) = S_n (u − û) with S_n = ∂x(n)/∂u. The measurements give u the Fisher information
/// F = Σ R_m s sᵀ, so Σ_u = F⁻¹ and Var x_a(n) = s_{n,a}ᵀ Σ_u s_{n,a}.
/// </summary>
/// <remarks>
/// The sensitivities are propagated by the tangent of classical RK4 linearized at the path's own grid
/// states (not along a re-integrated trajectory, which a chaotic model would carry away from the
/// estimate the bands are drawn around). Two passes: the first accumulates F, the second forms the
/// variances, so no per-step sensitivity is stored.
/// </remarks>
internal static class StrongConstraintCovariance
{
    /// <summary>Multiply-adds of one pass (for the affordability check): (parameters + D) tangents of four stage Jacobians per step.</summary>
    public static double Work<TModel>(AssimilationProblem<TModel> problem) where TModel : IDynamicalModel<TModel> =>
        (double)(problem.EstimatedParameters.Length + TModel.StateCount) * problem.Steps * TModel.StateCount * 4 * Math.Max(TModel.JacobianPattern.NonZeroCount, TModel.StateCount);

    /// <summary>
    /// Fills the variance of every grid state ((N + 1) × D) and the parameter covariance (k × k, the
    /// estimated parameters); returns false, with the first dependent unknown, when F is singular.
    /// </summary>
    public static (bool Identifiable, int Dependent) Compute<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> packed,
        Span<double> stateVariance, Span<double> parameterCovariance, CancellationToken cancellationToken)
        where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, k = problem.EstimatedParameters.Length, size = k + d;
        double[] parameters = FullParameters(problem, packed);
        var propagation = new Propagation<TModel>(problem, parameters);
        double[] information = Information(problem, packed, parameters, propagation, cancellationToken);
        var covariance = new double[size * size];
        (bool identifiable, int dependent) = FisherInformation.Invert(information, size, covariance);
        if (!identifiable) return (false, dependent);

        // Pass 2: Var x_a(n) = s_{n,a}ᵀ Σ s_{n,a}.
        var projected = new double[size];
        var variance = new double[(problem.Steps + 1) * d];
        propagation.Run(packed, cancellationToken, (n, sensitivity) =>
        {
            for (int a = 0; a < d; a++)
            {
                for (int i = 0; i < size; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < size; j++) sum += covariance[i * size + j] * sensitivity[j * d + a];
                    projected[i] = sum;
                }
                double v = 0;
                for (int i = 0; i < size; i++) v += sensitivity[i * d + a] * projected[i];
                variance[n * d + a] = v;
            }
        });
        variance.CopyTo(stateVariance);
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++) parameterCovariance[r * k + c] = covariance[r * size + c];
        return (true, -1);
    }

    /// <summary>
    /// The Fisher information of u = (θ, x₀), F = Σ R_m g gᵀ over the measured values, g the sensitivity of the value (of the
    /// state component, or of the [Measurement] output at the path's state) ((k + D) × (k + D), row-major): the Hessian of the
    /// measurement term in the strong-constraint (R_f → ∞) formulation.
    /// </summary>
    public static double[] Information<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> packed, CancellationToken cancellationToken)
        where TModel : IDynamicalModel<TModel>
    {
        double[] parameters = FullParameters(problem, packed);
        return Information(problem, packed, parameters, new Propagation<TModel>(problem, parameters), cancellationToken);
    }

    private static double[] FullParameters<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> packed) where TModel : IDynamicalModel<TModel>
    {
        var parameters = new double[TModel.ParameterCount];
        problem.FullParameters(packed, parameters);
        return parameters;
    }

    /// <summary>Pass 1 of the covariance: F, accumulated by the problem's measurement term (missing values and per-entry precision included).</summary>
    private static double[] Information<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> packed, double[] parameters, Propagation<TModel> propagation,
        CancellationToken cancellationToken) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, size = problem.EstimatedParameters.Length + d;
        var information = new double[size * size];
        Observations observations = problem.Observations;
        MeasurementTerm measurement = problem.CreateMeasurementTerm();
        double[] grid = packed.Slice(0, (problem.Steps + 1) * d).ToArray();
        int[] estimated = problem.EstimatedParameters;
        int inputs = TModel.StimulusCount, row = 0;
        propagation.Run(packed, cancellationToken, (n, sensitivity) =>
        {
            for (; row < observations.Times.Length && observations.Times[row] == n; row++)
                measurement.AddInformation(row, grid.AsSpan(n * d, d), parameters, GridStimulus.AtGridPoint(problem.Stimulus, inputs, n), sensitivity, estimated, information);
        });
        return information;
    }

    /// <summary>S_n for n = 0 … N along the path: S_0 = [0 | I], S_{n+1} = ∂Φ/∂x(x̂(n)) S_n + ∂Φ/∂θ [I | 0].</summary>
    private sealed class Propagation<TModel>(AssimilationProblem<TModel> problem, double[] parameters) where TModel : IDynamicalModel<TModel>
    {
        private readonly RungeKutta4Step<TModel> _rk4 = new();

        public void Run(ReadOnlySpan<double> packed, CancellationToken cancellationToken, Action<int, double[]> visit)
        {
            int d = TModel.StateCount, u = TModel.StimulusCount, k = problem.EstimatedParameters.Length, size = k + d;
            var sensitivity = new double[size * d];
            var next = new double[size * d];
            var direction = new double[TModel.ParameterCount];
            var mid = new double[u];
            for (int a = 0; a < d; a++) sensitivity[(k + a) * d + a] = 1.0;
            for (int n = 0; n <= problem.Steps; n++)
            {
                visit(n, sensitivity);
                if (n == problem.Steps) break;
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<double> x = packed.Slice(n * d, d);
                ReadOnlySpan<double> u0 = GridStimulus.AtGridPoint(problem.Stimulus, u, n), u1 = GridStimulus.AtGridPoint(problem.Stimulus, u, n + 1);
                ReadOnlySpan<double> uMid = GridStimulus.AtMidpoint(problem.Stimulus, u, n, mid);
                _rk4.Stages(x, parameters, u0, uMid, u1, problem.Dt);
                _rk4.StageJacobians(x, parameters, u0, uMid, u1);
                for (int j = 0; j < size; j++)
                {
                    bool parameter = j < k;
                    if (parameter) direction[problem.EstimatedParameters[j]] = 1.0;
                    _rk4.TangentOfStages(problem.Dt, sensitivity.AsSpan(j * d, d), parameter ? direction : default, next.AsSpan(j * d, d));
                    if (parameter) direction[problem.EstimatedParameters[j]] = 0.0;
                }
                (sensitivity, next) = (next, sensitivity);
            }
        }
    }
}
