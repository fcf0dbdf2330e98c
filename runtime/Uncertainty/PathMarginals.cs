using System;
using System.Globalization;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// Error bands for an annealed path: the standard deviation of every state x_a(n), observed and
/// unobserved, and the covariance of the estimated parameters, from the Laplace approximation
/// P(X | Y) ≈ N(X̂, (∂²A)⁻¹) around the minimum X̂ (docs/uncertainty.md).
/// </summary>
/// <remarks>
/// <para>The marginal variances are the diagonal of (∂²A)⁻¹ and the parameter covariance its border
/// block, computed by selected inversion of the arrowhead LDLᵀ of the exact Hessian
/// (<see cref="ArrowheadLdlt.SelectedInverse"/>): linear in the number of time points, never a dense inverse.</para>
/// <para>At the R_f of β_max the Hessian is often too ill-conditioned for that (its scale runs from R_m
/// to R_f, 1e10 and more apart). The Hessian is scaled to unit diagonal and factored; when it is not
/// positive definite or its smallest pivot is below <see cref="PathMarginalsOptions.MinimumScaledPivot"/>,
/// the strong-constraint covariance (the R_f → ∞ limit the weak-constraint posterior converges to) is
/// used instead, and when that is unavailable too, the highest lower annealing level whose Hessian
/// passes. <see cref="Formulation"/> and <see cref="Explanation"/> say which one was used and why.</para>
/// <para>Box bounds are not part of the approximation: for a state or parameter on its bound the band
/// describes the unconstrained curvature there.</para>
/// </remarks>
public sealed class PathMarginals
{
    private readonly double[] _stateVariance, _parameterCovariance;

    private PathMarginals(MarginalFormulation formulation, int steps, int stateCount, int[] estimatedParameters, int parameterCount,
        double[] stateVariance, double[] parameterCovariance, double[] modelPrecision, double smallestScaledPivot, string explanation)
    {
        Formulation = formulation;
        Steps = steps;
        StateCount = stateCount;
        EstimatedParameters = estimatedParameters;
        ParameterCount = parameterCount;
        _stateVariance = stateVariance;
        _parameterCovariance = parameterCovariance;
        ModelPrecision = modelPrecision;
        SmallestScaledPivot = smallestScaledPivot;
        Explanation = explanation;
    }

    /// <summary>Which posterior the spreads come from.</summary>
    public MarginalFormulation Formulation { get; }

    /// <summary>The formulation's name as written to summary.json: weakConstraint, strongConstraint, lowerPrecision or none.</summary>
    public string FormulationName => Formulation.Name();

    /// <summary>Why this formulation: the conditioning found at the requested level, and what replaced it.</summary>
    public string Explanation { get; }

    /// <summary>N: the spreads cover grid points 0 … N (Hermite–Simpson midpoints are not reported).</summary>
    public int Steps { get; }

    /// <summary>D, the model's state count.</summary>
    public int StateCount { get; }

    /// <summary>Model indices of the estimated parameters, the rows and columns of <see cref="ParameterCovariance"/>.</summary>
    public int[] EstimatedParameters { get; }

    /// <summary>The model's parameter count (fixed ones included), for <see cref="ParameterStd"/>.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// The model precision R_f per component of the Hessian that was inverted (the requested one for
    /// <see cref="MarginalFormulation.WeakConstraint"/>, a lower level's for <see cref="MarginalFormulation.LowerPrecision"/>);
    /// empty for the strong-constraint and no formulation.
    /// </summary>
    public double[] ModelPrecision { get; }

    /// <summary>
    /// The smallest LDLᵀ pivot of the weak-constraint Hessian at the requested precision, scaled to unit
    /// diagonal (its reciprocal bounds the condition number from below); NaN when it did not factor.
    /// </summary>
    public double SmallestScaledPivot { get; }

    /// <summary>Variances of the grid states, (N + 1) × D row-major; NaN everywhere for <see cref="MarginalFormulation.None"/>.</summary>
    public ReadOnlySpan<double> StateVariance => _stateVariance;

    /// <summary>The covariance of the estimated parameters, k × k row-major in <see cref="EstimatedParameters"/> order.</summary>
    public ReadOnlySpan<double> ParameterCovariance => _parameterCovariance;

    /// <summary>The standard deviation of x_a(n).</summary>
    /// <param name="n">A grid point, 0 … N.</param>
    /// <param name="component">A state component, 0 … D − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public double StateStd(int n, int component)
    {
        ModelArguments.RequireIndex(n, Steps + 1, nameof(n));
        ModelArguments.RequireIndex(component, StateCount, nameof(component));
        return Math.Sqrt(_stateVariance[n * StateCount + component]);
    }

    /// <summary>Standard deviations of all grid states, (N + 1) × D row-major.</summary>
    public double[] StateStd()
    {
        var std = new double[_stateVariance.Length];
        for (int i = 0; i < std.Length; i++) std[i] = Math.Sqrt(_stateVariance[i]);
        return std;
    }

    /// <summary>Standard deviations indexed like the model's parameters; NaN for fixed ones.</summary>
    public double[] ParameterStd()
    {
        int k = EstimatedParameters.Length;
        var std = new double[ParameterCount];
        Array.Fill(std, double.NaN);
        for (int r = 0; r < k; r++) std[EstimatedParameters[r]] = Math.Sqrt(_parameterCovariance[r * k + r]);
        return std;
    }

    /// <summary>
    /// The marginals at the best path of an annealing run: the weak-constraint Hessian at its last level's
    /// R_f (R_f0·α^β), then the strong-constraint covariance, then the lower levels from the last down.
    /// </summary>
    /// <param name="result">A finished annealing.</param>
    /// <param name="options">Thresholds and allowed fallbacks (null: the defaults).</param>
    /// <param name="cancellationToken">Checked between levels and sensitivity steps.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PathMarginals Compute<TModel>(AnnealingResult<TModel> result, PathMarginalsOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(result);
        int lastBeta = result.Levels[^1].Beta;
        double alpha = result.Options.Alpha;
        return Compute(result.Problem, result.Best, LevelPrecision(result.Rf0, alpha, lastBeta), options, cancellationToken,
            lowerLevels: lastBeta, lowerPrecision: beta => LevelPrecision(result.Rf0, alpha, beta));
    }

    /// <summary>
    /// The marginals at a path X̂ (normally a minimum of the action) for the model precision
    /// <paramref name="modelPrecision"/>: the weak-constraint Hessian there, else the strong-constraint covariance.
    /// </summary>
    /// <param name="problem">The problem whose action X̂ minimizes.</param>
    /// <param name="packed">X̂, packed (<see cref="AssimilationProblem{TModel}.VariableCount"/> values).</param>
    /// <param name="modelPrecision">R_f per state component (D finite non-negative values).</param>
    /// <param name="options">Thresholds and allowed fallbacks (null: the defaults).</param>
    /// <param name="cancellationToken">Checked between sensitivity steps.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or a value is not finite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static PathMarginals Compute<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> packed, ReadOnlySpan<double> modelPrecision,
        PathMarginalsOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : IDynamicalModel<TModel> =>
        Compute(problem, packed, modelPrecision, options, cancellationToken, lowerLevels: 0, lowerPrecision: null);

    private static PathMarginals Compute<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> packed, ReadOnlySpan<double> modelPrecision,
        PathMarginalsOptions? options, CancellationToken cancellationToken, int lowerLevels, Func<int, double[]>? lowerPrecision)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new PathMarginalsOptions();
        options.Validate(nameof(options));
        int d = TModel.StateCount, k = problem.EstimatedParameters.Length, grid = (problem.Steps + 1) * d;
        ModelArguments.RequireExactLength(packed.Length, problem.VariableCount, nameof(packed));
        ModelArguments.RequireExactLength(modelPrecision.Length, d, nameof(modelPrecision));
        for (int i = 0; i < packed.Length; i++)
            if (!double.IsFinite(packed[i])) throw new ArgumentException($"'packed'[{i}] is {packed[i]}.", nameof(packed));
        double[] rf = modelPrecision.ToArray();
        for (int a = 0; a < d; a++)
            if (!(rf[a] >= 0) || !double.IsFinite(rf[a])) throw new ArgumentException($"'modelPrecision'[{a}] = {rf[a]} must be finite and non-negative.", nameof(modelPrecision));

        var stateVariance = new double[grid];
        var parameterCovariance = new double[k * k];
        int[] estimated = (int[])problem.EstimatedParameters.Clone();
        double weakWork = ActionHessian<TModel>.FactorizationWork(problem);
        WeakConstraintHessian<TModel>? weak = weakWork <= options.WeakConstraintWorkLimit ? new WeakConstraintHessian<TModel>(problem) : null;

        WeakConstraintHessian<TModel>.Outcome first = weak?.Try(packed, rf, options.MinimumScaledPivot, stateVariance, parameterCovariance)
            ?? new WeakConstraintHessian<TModel>.Outcome(false, false, double.NaN, default);
        string found = weak is null
            ? Invariant($"was not formed: it would cost {weakWork:G2} multiply-adds (limit {options.WeakConstraintWorkLimit:G2})")
            : Describe(first, options.MinimumScaledPivot);
        if (first.Accepted)
            return new PathMarginals(MarginalFormulation.WeakConstraint, problem.Steps, d, estimated, TModel.ParameterCount, stateVariance, parameterCovariance, rf,
                first.SmallestPivot, $"the weak-constraint Hessian at the requested R_f {found}");

        string strongNote;
        double work = 2 * StrongConstraintCovariance.Work(problem);
        if (!options.AllowStrongConstraint) strongNote = "the strong-constraint covariance is not allowed";
        else if (work > options.StrongConstraintWorkLimit) strongNote = Invariant($"the strong-constraint sensitivities would cost {work:G2} multiply-adds (limit {options.StrongConstraintWorkLimit:G2})");
        else
        {
            (bool identifiable, int dependent) = StrongConstraintCovariance.Compute(problem, packed, stateVariance, parameterCovariance, cancellationToken);
            if (identifiable)
                return new PathMarginals(MarginalFormulation.StrongConstraint, problem.Steps, d, estimated, TModel.ParameterCount, stateVariance, parameterCovariance,
                    Array.Empty<double>(), first.SmallestPivot, $"the weak-constraint Hessian at the requested R_f {found}; the strong-constraint (R_f → ∞) covariance of the initial state and parameters, propagated along the path, replaces it");
            strongNote = Invariant($"the strong-constraint Fisher information is singular ({(dependent < k ? $"parameter {estimated[dependent]}" : $"initial state {dependent - k}")} is not determined)");
        }

        if (options.AllowLowerPrecision && lowerPrecision is not null && weak is not null)
            for (int beta = lowerLevels - 1; beta >= 0; beta--)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double[] lower = lowerPrecision(beta);
                WeakConstraintHessian<TModel>.Outcome outcome = weak.Try(packed, lower, options.MinimumScaledPivot, stateVariance, parameterCovariance);
                if (outcome.Accepted)
                    return new PathMarginals(MarginalFormulation.LowerPrecision, problem.Steps, d, estimated, TModel.ParameterCount, stateVariance, parameterCovariance, lower,
                        first.SmallestPivot, Invariant($"the weak-constraint Hessian at the requested R_f {found}; {strongNote}; the Hessian of level β = {beta} at the same path {Describe(outcome, options.MinimumScaledPivot)} (wider bands: it admits more model error)"));
            }

        Array.Fill(stateVariance, double.NaN);
        Array.Fill(parameterCovariance, double.NaN);
        return new PathMarginals(MarginalFormulation.None, problem.Steps, d, estimated, TModel.ParameterCount, stateVariance, parameterCovariance,
            Array.Empty<double>(), first.SmallestPivot, $"the weak-constraint Hessian at the requested R_f {found}; {strongNote}{(lowerPrecision is null ? "" : "; no lower level gave a usable Hessian")}: no spreads");
    }

    private static double[] LevelPrecision(double[] rf0, double alpha, int beta)
    {
        var rf = new double[rf0.Length];
        double scale = Math.Pow(alpha, beta);
        for (int a = 0; a < rf.Length; a++) rf[a] = rf0[a] * scale;
        return rf;
    }

    private static string Describe<TModel>(WeakConstraintHessian<TModel>.Outcome outcome, double threshold) where TModel : IDynamicalModel<TModel> =>
        outcome.Accepted ? Invariant($"is positive definite, smallest scaled pivot {outcome.SmallestPivot:G3}")
        : !outcome.PositiveDefinite ? Invariant($"is not positive definite (inertia {outcome.Inertia.Positive}+ {outcome.Inertia.Negative}− {outcome.Inertia.Zero}0)")
        : Invariant($"is too ill-conditioned: smallest scaled pivot {outcome.SmallestPivot:G3} < {threshold:G3} (condition number ≳ {1 / outcome.SmallestPivot:G2})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
