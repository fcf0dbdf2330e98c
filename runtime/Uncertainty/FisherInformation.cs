using System;
using System.Globalization;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// The Fisher information of an experiment about its unknowns — the estimated parameters and the
/// initial state — and the Cramér–Rao bound it implies: no unbiased estimator from these
/// measurements can have a smaller covariance than F⁻¹, and the maximum-likelihood estimate
/// (the annealed path at R_f → ∞) approaches it. Use it before an experiment, at the true
/// values, to ask whether a protocol (stimulus, observed components, sampling, noise) can
/// identify the parameters at all, and after one, at the estimate, for error bars.
///
/// With the model enforced exactly, the observed y_t,c = x_c(t; θ, x₀) + noise with precision
/// R_m,t,c, so F = Σ_t Σ_c R_m,t,c s_t,c s_t,cᵀ over the measured entries (a missing value adds nothing) with s_t,c = ∂x_c(t)/∂(θ, x₀) the forward
/// sensitivities. For a model with a [Measurement] function, y_t,c = h_c(x(t), θ) + noise and s_t,c = ∂h_c/∂x · ∂x(t)/∂(θ, x₀) + ∂h_c/∂θ. They are propagated by the exact tangent of classical RK4 on the problem's
/// grid (<see cref="RungeKutta4Step{TModel}"/>),
/// the same map that generates twin data: the information belongs to the experiment (the flow),
/// not to the discretization the action uses.
///
/// Unknowns are ordered: the problem's estimated parameters (in <see cref="EstimatedParameters"/>
/// order), then the D initial-state components.
/// </summary>
public sealed class FisherInformation
{
    private readonly double[] _covariance;

    private FisherInformation(int[] estimatedParameters, int parameterCount, int stateCount, double[] matrix)
    {
        EstimatedParameters = estimatedParameters;
        ParameterCount = parameterCount;
        StateCount = stateCount;
        Size = estimatedParameters.Length + stateCount;
        Matrix = matrix;
        _covariance = new double[Size * Size];
        (Identifiable, DependentUnknown) = Invert(matrix, Size, _covariance);
    }

    /// <summary>Model indices of the parameter unknowns (the first rows and columns).</summary>
    public int[] EstimatedParameters { get; }

    /// <summary>The model's parameter count (fixed ones included), for <see cref="ParameterStd"/>.</summary>
    public int ParameterCount { get; }

    /// <summary>D: the initial-state unknowns follow the parameters.</summary>
    public int StateCount { get; }

    /// <summary>Number of unknowns.</summary>
    public int Size { get; }

    /// <summary>F, Size × Size, row-major.</summary>
    public double[] Matrix { get; }

    /// <summary>
    /// Whether F is numerically positive definite (relative pivot 1e-13 after scaling to unit
    /// diagonal): if not, some combination of unknowns leaves the observations unchanged to first
    /// order, and no amount of this kind of data determines it.
    /// </summary>
    public bool Identifiable { get; }

    /// <summary>When not identifiable: the first unknown (in order) that is a combination of the ones before it; otherwise −1.</summary>
    public int DependentUnknown { get; }

    /// <summary>The Cramér–Rao covariance F⁻¹ (Size × Size, row-major); NaN everywhere when not identifiable.</summary>
    public ReadOnlySpan<double> Covariance => _covariance;

    /// <summary>√(F⁻¹)ᵢᵢ of unknown i (NaN when not identifiable).</summary>
    public double StandardDeviation(int unknown)
    {
        ModelArguments.RequireIndex(unknown, Size, nameof(unknown));
        return Math.Sqrt(_covariance[unknown * Size + unknown]);
    }

    /// <summary>The correlation of unknowns i and j under F⁻¹ (NaN when not identifiable).</summary>
    public double Correlation(int i, int j)
    {
        ModelArguments.RequireIndex(i, Size, nameof(i));
        ModelArguments.RequireIndex(j, Size, nameof(j));
        return _covariance[i * Size + j] / Math.Sqrt(_covariance[i * Size + i] * _covariance[j * Size + j]);
    }

    /// <summary>Standard deviations indexed like the model's parameters; NaN for fixed parameters (and all when not identifiable).</summary>
    public double[] ParameterStd()
    {
        var std = new double[ParameterCount];
        Array.Fill(std, double.NaN);
        for (int k = 0; k < EstimatedParameters.Length; k++) std[EstimatedParameters[k]] = StandardDeviation(k);
        return std;
    }

    /// <summary>"parameter 3" or "initial state 1": what unknown i is.</summary>
    public string Describe(int unknown)
    {
        ModelArguments.RequireIndex(unknown, Size, nameof(unknown));
        return unknown < EstimatedParameters.Length
            ? string.Create(CultureInfo.InvariantCulture, $"parameter {EstimatedParameters[unknown]}")
            : string.Create(CultureInfo.InvariantCulture, $"initial state {unknown - EstimatedParameters.Length}");
    }

    /// <summary>
    /// F of <paramref name="problem"/>'s experiment (grid, stimulus, observed components and times,
    /// measurement precisions, which parameters are estimated) at the given initial state and
    /// full parameter vector.
    /// </summary>
    /// <param name="problem">The experiment.</param>
    /// <param name="initialState">x₀, D finite values.</param>
    /// <param name="parameters">The full parameter vector θ (P finite values).</param>
    /// <param name="cancellationToken">Checked before every grid step, so a cancel lands within one step's sensitivity propagation.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static FisherInformation Compute<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> initialState, ReadOnlySpan<double> parameters,
        CancellationToken cancellationToken = default)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        int d = TModel.StateCount, np = TModel.ParameterCount, u = TModel.StimulusCount;
        ModelArguments.RequireExactLength(initialState.Length, d, nameof(initialState));
        ModelArguments.RequireExactLength(parameters.Length, np, nameof(parameters));
        for (int a = 0; a < d; a++)
            if (!double.IsFinite(initialState[a])) throw new ArgumentException($"'initialState'[{a}] is {initialState[a]}.", nameof(initialState));
        for (int k = 0; k < np; k++)
            if (!double.IsFinite(parameters[k])) throw new ArgumentException($"'parameters'[{k}] is {parameters[k]}.", nameof(parameters));

        int[] estimated = (int[])problem.EstimatedParameters.Clone();
        int size = estimated.Length + d;
        Observations observations = problem.Observations;

        // Sensitivities S = ∂x/∂(θ_e, x₀): D × size, column j is the tangent for unknown j.
        var sensitivity = new double[size * d];
        var next = new double[size * d];
        for (int a = 0; a < d; a++) sensitivity[(estimated.Length + a) * d + a] = 1.0;
        var parameterDirection = new double[np];
        var x = initialState.ToArray();
        var xNext = new double[d];
        var mid = new double[u];
        var rk4 = new RungeKutta4Step<TModel>();
        var matrix = new double[size * size];

        MeasurementTerm measurement = problem.CreateMeasurementTerm();
        int row = 0;
        for (int n = 0; n <= problem.Steps; n++)
        {
            // Observations at grid point n add Σ_c R_m,c g_c g_cᵀ, g_c the sensitivity of measured value c
            // (for observed components, the row of S).
            for (; row < observations.Times.Length && observations.Times[row] == n; row++)
                measurement.AddInformation(row, x, parameters, GridStimulus.AtGridPoint(problem.Stimulus, u, n), sensitivity, estimated, matrix);
            if (n == problem.Steps) break;
            cancellationToken.ThrowIfCancellationRequested();

            ReadOnlySpan<double> u0 = GridStimulus.AtGridPoint(problem.Stimulus, u, n), u1 = GridStimulus.AtGridPoint(problem.Stimulus, u, n + 1);
            ReadOnlySpan<double> uMid = GridStimulus.AtMidpoint(problem.Stimulus, u, n, mid);
            // The stages and their Jacobians are the same for every sensitivity column: evaluate them once per step.
            rk4.Stages(x, parameters, u0, uMid, u1, problem.Dt);
            rk4.StageJacobians(x, parameters, u0, uMid, u1);
            for (int j = 0; j < size; j++)
            {
                // A parameter column also moves θ (a unit direction); an initial-state column does not.
                bool parameter = j < estimated.Length;
                if (parameter) parameterDirection[estimated[j]] = 1.0;
                rk4.TangentOfStages(problem.Dt, sensitivity.AsSpan(j * d, d), parameter ? parameterDirection : default, next.AsSpan(j * d, d));
                if (parameter) parameterDirection[estimated[j]] = 0.0;
            }
            rk4.Combine(x, problem.Dt, xNext);
            (sensitivity, next) = (next, sensitivity);
            (x, xNext) = (xNext, x);
            for (int a = 0; a < d; a++)
                if (!double.IsFinite(x[a]))
                    throw new ArgumentException($"the model diverged at grid point {n + 1} (state {a} = {x[a]}); the Fisher information needs a finite trajectory.", nameof(parameters));
        }
        return new FisherInformation(estimated, np, d, matrix);
    }

    /// <summary>matrix += weight s sᵀ for s the row <paramref name="component"/> of the sensitivities (one value per unknown).</summary>
    internal static void AddOuterProduct(double[] matrix, double[] sensitivity, int size, int d, int component, double weight)
    {
        for (int i = 0; i < size; i++)
        {
            double si = weight * sensitivity[i * d + component];
            if (si == 0) continue;
            for (int j = 0; j < size; j++) matrix[i * size + j] += si * sensitivity[j * d + component];
        }
    }

    /// <summary>
    /// Factors the unit-diagonal scaling D^{-1/2} F D^{-1/2} of an information matrix into <paramref name="cholesky"/>, with
    /// D^{-1/2} in <paramref name="scale"/>; false with the first dependent unknown when F is singular (a zero diagonal: the
    /// observations do not depend on that unknown at all). log det F = log det(scaled) − 2 Σ log scale_i.
    /// </summary>
    internal static (bool Identifiable, int Dependent) FactorScaled(double[] matrix, int size, double[] scale, DenseCholesky cholesky)
    {
        for (int i = 0; i < size; i++)
        {
            double diagonal = matrix[i * size + i];
            if (!(diagonal > 0)) return (false, i);
            scale[i] = 1.0 / Math.Sqrt(diagonal);
        }
        var scaled = new double[size * size];
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++) scaled[i * size + j] = scale[i] * matrix[i * size + j] * scale[j];
        return cholesky.Factor(scaled) ? (true, -1) : (false, cholesky.FailedPivot);
    }

    /// <summary>
    /// F⁻¹ by Cholesky of the unit-diagonal scaling D^{-1/2} F D^{-1/2} (the pivot threshold is then
    /// relative to the unknowns' own information, independent of their units).
    /// </summary>
    internal static (bool Identifiable, int Dependent) Invert(double[] matrix, int size, double[] covariance)
    {
        var scale = new double[size];
        var cholesky = new DenseCholesky(size);
        (bool identifiable, int dependent) = FactorScaled(matrix, size, scale, cholesky);
        if (!identifiable)
        {
            Array.Fill(covariance, double.NaN);
            return (false, dependent);
        }
        var column = new double[size];
        for (int j = 0; j < size; j++)
        {
            Array.Clear(column);
            column[j] = 1.0;
            cholesky.Solve(column);
            for (int i = 0; i < size; i++) covariance[i * size + j] = scale[i] * column[i] * scale[j];
        }
        return (true, -1);
    }
}
