using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// How much of the posterior P(X | Y) ∝ e^(−A(X)) each distinct final action level carries, the expected
/// path and parameters under those weights, and the model evidence (docs/uncertainty.md).
/// </summary>
/// <remarks>
/// <para>Annealing ends with its starts on one or more minima X_q of the action. Around each, the Laplace
/// approximation gives the posterior mass e^(−A_q) (2π)^(n/2) det(H_q)^(−½), with H_q the Hessian there, so
/// the levels' weights are w_q ∝ e^(−A_q) det(H_q)^(−½) and the expected value of any function of the path is
/// ⟨G⟩ ≈ Σ w_q G(X_q). A gap A¹ − A⁰ of more than a few units makes the lowest level carry practically all of
/// the mass; levels within a few units of each other share it, and then the lowest path alone is not the answer.</para>
/// <para>The Hessian is the weak-constraint one at the given precision, scaled to unit diagonal, when it is
/// positive definite and well-conditioned (<see cref="PathMarginalsOptions.MinimumScaledPivot"/>) at every
/// level; otherwise the strong-constraint (R_f → ∞) Hessian of the action in the initial state and the
/// parameters — the Fisher information of the measurements — at every level. The two are not mixed: the
/// constant that relates them (R_f's share of det H) cancels only between levels of one formulation.</para>
/// <para>The evidence is always the strong-constraint one: log p(Y) = log Σ_q e^(−A_q) (2π)^(m/2) det(F_q)^(−½)
/// + Σ ½ log(R_m / 2π) over the measured entries − log(volume of the initial-state box) − log(volume of the
/// estimated parameters' box), for m = D + (estimated parameters): Gaussian noise of precision R_m, the model
/// exact, a uniform prior over the bounds. It compares models (or bounds, or noise levels) on the same data.</para>
/// </remarks>
public sealed class LevelWeights
{
    private readonly double[] _meanStates, _meanParameters;

    private LevelWeights(ActionLevelWeight[] levels, MarginalFormulation formulation, string explanation, double logEvidence, string evidenceExplanation,
        double[] meanStates, double[] meanParameters, int stateCount)
    {
        Levels = levels;
        Formulation = formulation;
        Explanation = explanation;
        LogEvidence = logEvidence;
        EvidenceExplanation = evidenceExplanation;
        _meanStates = meanStates;
        _meanParameters = meanParameters;
        StateCount = stateCount;
    }

    /// <summary>
    /// Paths whose actions agree to this relative tolerance are one level (as <see cref="AnnealingLevel.DistinctLevels"/> counts
    /// them), unless the action between them rises by more than this: then they are distinct minima of equal action.
    /// </summary>
    public const double LevelTolerance = 1e-4;

    /// <summary>The distinct levels (minima), lowest action first; minima of equal action are separate levels.</summary>
    public IReadOnlyList<ActionLevelWeight> Levels { get; }

    /// <summary>Which Hessian the weights came from: <see cref="MarginalFormulation.WeakConstraint"/>, <see cref="MarginalFormulation.StrongConstraint"/> or <see cref="MarginalFormulation.None"/>.</summary>
    public MarginalFormulation Formulation { get; }

    /// <summary>The formulation's name as written to summary.json.</summary>
    public string FormulationName => Formulation.Name();

    /// <summary>Why this formulation (and, when none, what failed at which level).</summary>
    public string Explanation { get; }

    /// <summary>A¹ − A⁰, the action gap from the lowest level to the next; null when every path ended on one level.</summary>
    public double? Gap => Levels.Count > 1 ? Levels[1].Action - Levels[0].Action : null;

    /// <summary>The weight of the lowest level (NaN when no formulation was usable).</summary>
    public double LowestLevelWeight => Levels[0].Weight;

    /// <summary>log p(Y), the strong-constraint Laplace evidence (see remarks); NaN when it could not be formed (<see cref="EvidenceExplanation"/>).</summary>
    public double LogEvidence { get; }

    /// <summary>How the evidence was formed, or why it was not.</summary>
    public string EvidenceExplanation { get; }

    /// <summary>D, the model's state count (the row length of <see cref="MeanStates"/>).</summary>
    public int StateCount { get; }

    /// <summary>⟨x⟩ on the grid, (N + 1) × D row-major: the levels' representative paths averaged with their weights (NaN when unweighted).</summary>
    public ReadOnlySpan<double> MeanStates => _meanStates;

    /// <summary>⟨θ⟩, the full parameter vector averaged with the weights (fixed parameters at their values; NaN when unweighted).</summary>
    public ReadOnlySpan<double> MeanParameters => _meanParameters;

    /// <summary>The weights of an annealing run's final paths at its last level's precision R_f0·α^β.</summary>
    /// <param name="result">A finished annealing.</param>
    /// <param name="options">Conditioning threshold, work limits and allowed formulations (null: the defaults, as for <see cref="PathMarginals"/>).</param>
    /// <param name="cancellationToken">Checked between levels and sensitivity steps.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static LevelWeights Compute<TModel>(AnnealingResult<TModel> result, PathMarginalsOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(result);
        double scale = Math.Pow(result.Options.Alpha, result.Levels[^1].Beta);
        var rf = new double[result.Rf0.Length];
        for (int a = 0; a < rf.Length; a++) rf[a] = result.Rf0[a] * scale;
        return Compute(result.Problem, result.FinalPaths, rf, options, cancellationToken);
    }

    /// <summary>The weights of the distinct levels among <paramref name="paths"/> (normally minima of the action) at the model precision <paramref name="modelPrecision"/>.</summary>
    /// <param name="problem">The problem whose action the paths minimize.</param>
    /// <param name="paths">Packed paths (<see cref="AssimilationProblem{TModel}.VariableCount"/> finite values each), at least one.</param>
    /// <param name="modelPrecision">R_f per state component (D finite non-negative values).</param>
    /// <param name="options">Conditioning threshold, work limits and allowed formulations (null: the defaults).</param>
    /// <param name="cancellationToken">Checked between levels and sensitivity steps.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No path, a path of the wrong length or with a non-finite value or action, or a bad precision.</exception>
    public static LevelWeights Compute<TModel>(AssimilationProblem<TModel> problem, IReadOnlyList<double[]> paths, ReadOnlySpan<double> modelPrecision,
        PathMarginalsOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new PathMarginalsOptions();
        options.Validate(nameof(options));
        int d = TModel.StateCount;
        if (paths.Count == 0) throw new ArgumentException("at least one path is needed.", nameof(paths));
        ModelArguments.RequireExactLength(modelPrecision.Length, d, nameof(modelPrecision));
        double[] rf = modelPrecision.ToArray();
        for (int a = 0; a < d; a++)
            if (!(rf[a] >= 0) || !double.IsFinite(rf[a])) throw new ArgumentException($"'modelPrecision'[{a}] = {rf[a]} must be finite and non-negative.", nameof(modelPrecision));

        var action = new ActionFunction<TModel>(problem);
        action.SetModelPrecision(rf);
        var actions = new double[paths.Count];
        for (int k = 0; k < paths.Count; k++)
        {
            double[] path = paths[k] ?? throw new ArgumentNullException(nameof(paths), $"path {k} is null.");
            ModelArguments.RequireExactLength(path.Length, problem.VariableCount, nameof(paths));
            for (int i = 0; i < path.Length; i++)
                if (!double.IsFinite(path[i])) throw new ArgumentException($"path {k} has {path[i]} at {i}.", nameof(paths));
            actions[k] = action.Value(path);
            if (!double.IsFinite(actions[k])) throw new ArgumentException($"the action of path {k} is {actions[k]}.", nameof(paths));
        }
        List<int[]> groups = SeparateMinima(AnnealingLevel.GroupByLevel(actions, LevelTolerance), paths, actions, action);
        var representatives = new double[groups.Count][];
        for (int q = 0; q < groups.Count; q++) representatives[q] = paths[groups[q][0]];

        // Weights: the weak-constraint Hessian when every level's is usable, else the strong-constraint one.
        (double[]? weakLogDet, string weakNote) = WeakLogDeterminants(problem, representatives, rf, options, cancellationToken);
        (double[]? strongLogDet, string strongNote) = options.AllowStrongConstraint
            ? StrongLogDeterminants(problem, representatives, options, cancellationToken)
            : (null, "the strong-constraint formulation is not allowed");
        MarginalFormulation formulation = weakLogDet is not null ? MarginalFormulation.WeakConstraint
            : strongLogDet is not null ? MarginalFormulation.StrongConstraint : MarginalFormulation.None;
        double[] logDet = weakLogDet ?? strongLogDet ?? Filled(groups.Count, double.NaN);
        string explanation = formulation switch
        {
            MarginalFormulation.WeakConstraint => $"the weak-constraint Hessian at the given R_f {weakNote}",
            MarginalFormulation.StrongConstraint => $"the weak-constraint Hessian at the given R_f {weakNote}; the strong-constraint (R_f → ∞) Hessian in the initial state and the parameters replaces it",
            _ => $"the weak-constraint Hessian at the given R_f {weakNote}; {strongNote}: no weights",
        };

        var logWeight = new double[groups.Count];
        for (int q = 0; q < groups.Count; q++) logWeight[q] = -actions[groups[q][0]] - 0.5 * logDet[q];
        double total = LogSumExp(logWeight);
        var levels = new ActionLevelWeight[groups.Count];
        for (int q = 0; q < groups.Count; q++)
        {
            var parameters = new double[TModel.ParameterCount];
            problem.FullParameters(representatives[q], parameters);
            levels[q] = new ActionLevelWeight(actions[groups[q][0]], groups[q], logDet[q], logWeight[q], Math.Exp(logWeight[q] - total), parameters);
        }

        int grid = (problem.Steps + 1) * d;
        var meanStates = new double[grid];
        var meanParameters = new double[TModel.ParameterCount];
        for (int q = 0; q < levels.Length; q++)
        {
            double w = levels[q].Weight;
            for (int i = 0; i < grid; i++) meanStates[i] += w * representatives[q][i];
            for (int p = 0; p < meanParameters.Length; p++) meanParameters[p] += w * levels[q].Parameters[p];
        }

        (double logEvidence, string evidenceNote) = strongLogDet is null
            ? (double.NaN, $"not formed: {strongNote}")
            : (Evidence(problem, actions, groups, strongLogDet), "the strong-constraint Laplace evidence: Gaussian measurement noise of precision R_m, the model exact, a uniform prior over the initial-state and parameter bounds");
        return new LevelWeights(levels, formulation, explanation, logEvidence, evidenceNote, meanStates, meanParameters, d);
    }

    /// <summary>
    /// Splits each group of equal action into distinct minima. Two paths are one minimum when the action at their
    /// midpoint is not above the higher of the two by more than the level tolerance: paths a minimizer left a little
    /// apart in one basin pass, while two minima of equal action — a mirror image, a shifted phase — have a barrier
    /// between them, and each carries its own Laplace mass.
    /// </summary>
    private static List<int[]> SeparateMinima<TModel>(List<int[]> groups, IReadOnlyList<double[]> paths, double[] actions, ActionFunction<TModel> action)
        where TModel : IDynamicalModel<TModel>
    {
        var minima = new List<int[]>();
        var midpoint = new double[paths[0].Length];
        foreach (int[] group in groups)
        {
            var members = new List<List<int>>();
            foreach (int start in group) // lowest action first, so each minimum is represented by its lowest start
            {
                List<int>? home = null;
                foreach (List<int> minimum in members)
                {
                    double[] a = paths[minimum[0]], b = paths[start];
                    for (int i = 0; i < midpoint.Length; i++) midpoint[i] = 0.5 * (a[i] + b[i]);
                    double higher = Math.Max(actions[minimum[0]], actions[start]);
                    if (action.Value(midpoint) - higher <= LevelTolerance * Math.Abs(higher)) { home = minimum; break; }
                }
                if (home is null) members.Add(new List<int> { start });
                else home.Add(start);
            }
            foreach (List<int> minimum in members) minima.Add(minimum.ToArray());
        }
        return minima;
    }

    /// <summary>log det of the unit-diagonal-scaled weak-constraint Hessian at every representative, or null with the first level that failed and why.</summary>
    private static (double[]? LogDet, string Note) WeakLogDeterminants<TModel>(AssimilationProblem<TModel> problem, double[][] representatives, double[] rf,
        PathMarginalsOptions options, CancellationToken cancellationToken) where TModel : IDynamicalModel<TModel>
    {
        double work = ActionHessian<TModel>.FactorizationWork(problem) * representatives.Length;
        if (work > options.WeakConstraintWorkLimit)
            return (null, Invariant($"was not formed: {representatives.Length} factorizations would cost {work:G2} multiply-adds (limit {options.WeakConstraintWorkLimit:G2})"));
        var weak = new WeakConstraintHessian<TModel>(problem);
        var logDet = new double[representatives.Length];
        double smallest = double.PositiveInfinity;
        for (int q = 0; q < representatives.Length; q++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (WeakConstraintHessian<TModel>.Outcome outcome, double value) = weak.LogDeterminant(representatives[q], rf, options.MinimumScaledPivot);
            if (!outcome.Accepted)
                return (null, !outcome.PositiveDefinite
                    ? Invariant($"is not positive definite at level {q} (inertia {outcome.Inertia.Positive}+ {outcome.Inertia.Negative}− {outcome.Inertia.Zero}0)")
                    : Invariant($"is too ill-conditioned at level {q}: smallest scaled pivot {outcome.SmallestPivot:G3} < {options.MinimumScaledPivot:G3}"));
            logDet[q] = value;
            smallest = Math.Min(smallest, outcome.SmallestPivot);
        }
        return (logDet, Invariant($"is positive definite at every level, smallest scaled pivot {smallest:G3}"));
    }

    /// <summary>log det F of the strong-constraint Fisher information at every representative, or null with the reason.</summary>
    private static (double[]? LogDet, string Note) StrongLogDeterminants<TModel>(AssimilationProblem<TModel> problem, double[][] representatives,
        PathMarginalsOptions options, CancellationToken cancellationToken) where TModel : IDynamicalModel<TModel>
    {
        double work = StrongConstraintCovariance.Work(problem) * representatives.Length;
        if (work > options.StrongConstraintWorkLimit)
            return (null, Invariant($"the strong-constraint sensitivities would cost {work:G2} multiply-adds (limit {options.StrongConstraintWorkLimit:G2})"));
        int size = problem.EstimatedParameters.Length + TModel.StateCount;
        var cholesky = new DenseCholesky(size);
        var scale = new double[size];
        var logDet = new double[representatives.Length];
        for (int q = 0; q < representatives.Length; q++)
        {
            double[] information = StrongConstraintCovariance.Information(problem, representatives[q], cancellationToken);
            (bool identifiable, int dependent) = FisherInformation.FactorScaled(information, size, scale, cholesky); // as for the inverse
            if (!identifiable)
                return (null, Invariant($"the strong-constraint Fisher information at level {q} is singular ({Unknown(problem, dependent)} is not determined)"));
            logDet[q] = cholesky.LogDeterminant();
            foreach (double s in scale) logDet[q] -= 2 * Math.Log(s);
        }
        return (logDet, "");
    }

    /// <summary>log p(Y) from the strong-constraint masses of the levels (see the class remarks).</summary>
    private static double Evidence<TModel>(AssimilationProblem<TModel> problem, double[] actions, List<int[]> groups, double[] logDetF)
        where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, m = d + problem.EstimatedParameters.Length;
        var mass = new double[groups.Count];
        for (int q = 0; q < groups.Count; q++) mass[q] = -actions[groups[q][0]] - 0.5 * logDetF[q];
        double logEvidence = LogSumExp(mass) + 0.5 * m * Math.Log(2 * Math.PI);
        Observations observations = problem.Observations;
        for (int row = 0; row < observations.Times.Length; row++)
            for (int c = 0; c < observations.Components.Length; c++)
            {
                double rm = problem.Precision(row, c);
                if (rm > 0) logEvidence += 0.5 * Math.Log(rm / (2 * Math.PI));
            }
        for (int a = 0; a < d; a++) logEvidence -= Math.Log(problem.StateUpper[a] - problem.StateLower[a]);
        foreach (int p in problem.EstimatedParameters) logEvidence -= Math.Log(problem.ParameterUpper[p] - problem.ParameterLower[p]);
        return logEvidence;
    }

    /// <summary>The unknown at row i of the strong-constraint information: estimated parameters first, then the initial state.</summary>
    private static string Unknown<TModel>(AssimilationProblem<TModel> problem, int i) where TModel : IDynamicalModel<TModel>
    {
        int k = problem.EstimatedParameters.Length;
        return i < k ? $"parameter {problem.EstimatedParameters[i]}" : $"initial state {i - k}";
    }

    private static double LogSumExp(double[] values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values) max = Math.Max(max, v);
        if (!double.IsFinite(max)) return max;
        double sum = 0;
        foreach (double v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    private static double[] Filled(int count, double value)
    {
        var array = new double[count];
        Array.Fill(array, value);
        return array;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
