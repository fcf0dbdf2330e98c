using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>One β of the annealing: per path the action, its two terms, the estimated parameters and the minimizer's record.</summary>
public sealed class AnnealingLevel
{
    internal AnnealingLevel(int beta, double rf, int paths, int estimatedParameters)
    {
        Beta = beta;
        Rf = rf;
        Actions = new double[paths];
        MeasurementTerms = new double[paths];
        ModelTerms = new double[paths];
        Parameters = new double[paths][];
        for (int k = 0; k < paths; k++) Parameters[k] = new double[estimatedParameters];
        Iterations = new int[paths];
        Evaluations = new int[paths];
        HessianEvaluations = new int[paths];
        Exits = new ExitReason[paths];
        Substeps = new int[paths];
        RecordedCount = estimatedParameters;
    }

    /// <summary>How many numbers are recorded per path in <see cref="Parameters"/>.</summary>
    internal int RecordedCount { get; }

    /// <summary>
    /// Minimizations each path needed to reach this β from the previous one: 1 when the whole step
    /// α succeeded, more when it was retried in smaller steps (α^½, α^¼ …) after a failed minimization.
    /// </summary>
    public int[] Substeps { get; }

    /// <summary>β: this level's R_f is R_f0·α^β.</summary>
    public int Beta { get; }

    /// <summary>R_f0·α^β for a component with R_f0 = 1 times the first component's R_f0 (the scale reported in tables).</summary>
    public double Rf { get; }

    /// <summary>The action at this level's minimum, per start.</summary>
    public double[] Actions { get; }
    /// <summary>The measurement term Σ R_m/2 (x − y)² at this level's minimum, per start (its χ² expectation is M/2).</summary>
    public double[] MeasurementTerms { get; }
    /// <summary>The model term Σ R_f/2 r² at this level's minimum, per start.</summary>
    public double[] ModelTerms { get; }

    /// <summary>Estimated parameters per path (the full vector, fixed ones included).</summary>
    public double[][] Parameters { get; }

    /// <summary>Minimizer iterations spent reaching this level, per start (retried smaller steps included).</summary>
    public int[] Iterations { get; }
    /// <summary>Objective (value and gradient) evaluations spent reaching this level, per start.</summary>
    public int[] Evaluations { get; }

    /// <summary>Hessian evaluations (zero for L-BFGS-B).</summary>
    public int[] HessianEvaluations { get; }
    /// <summary>Why the last minimization of this level stopped, per start.</summary>
    public ExitReason[] Exits { get; }

    /// <summary>Stores one path's outcome at this β: the action, its two terms, the parameters and the minimizer's record.</summary>
    internal void Record(int path, double action, double measurementTerm, double modelTerm, ReadOnlySpan<double> parameters, MinimizerResult result, int substeps = 1)
    {
        Substeps[path] = substeps;
        Actions[path] = action;
        MeasurementTerms[path] = measurementTerm;
        ModelTerms[path] = modelTerm;
        parameters.CopyTo(Parameters[path]);
        Iterations[path] = result.Iterations;
        Evaluations[path] = result.Evaluations;
        HessianEvaluations[path] = result.HessianEvaluations;
        Exits[path] = result.Exit;
    }

    /// <summary>
    /// How many distinct action levels the paths reached at this β: actions within
    /// <paramref name="relativeTolerance"/> of each other (relative to the larger) count as one level.
    /// The default 1e-4 absorbs what minimizer tolerances leave (Lorenz96's four paths end within
    /// 1e-5 of each other on one level) and still separates genuinely different minima.
    /// One level at β_max with every start is the method's sign of a consistent minimum; identical
    /// levels from β = 0 on also say that more paths add no diversity to this problem.
    /// </summary>
    public int DistinctLevels(double relativeTolerance = 1e-4)
    {
        if (!(relativeTolerance >= 0) || !double.IsFinite(relativeTolerance))
            throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "the tolerance must be finite and non-negative.");
        return GroupByLevel(Actions, relativeTolerance).Count;
    }

    /// <summary>
    /// The paths grouped by action level, lowest level first, each group in increasing action: sorted by action, a
    /// path joins the current level while its action is within <paramref name="relativeTolerance"/> (relative to the
    /// larger) of the level's first, lowest, action.
    /// </summary>
    internal static List<int[]> GroupByLevel(double[] actions, double relativeTolerance)
    {
        int[] order = new int[actions.Length];
        for (int k = 0; k < order.Length; k++) order[k] = k;
        Array.Sort((double[])actions.Clone(), order); // stable enough: ties keep no particular order, and a tie is one level
        var groups = new List<int[]>();
        int first = 0;
        for (int k = 1; k <= order.Length; k++)
        {
            if (k < order.Length)
            {
                double start = actions[order[first]], current = actions[order[k]];
                if (Math.Abs(current - start) <= relativeTolerance * Math.Max(Math.Abs(current), Math.Abs(start))) continue;
            }
            groups.Add(order[first..k]);
            first = k;
        }
        return groups;
    }

    /// <summary>The path with the lowest action at this β.</summary>
    public int LowestActionPath()
    {
        int best = 0;
        for (int k = 1; k < Actions.Length; k++) if (Actions[k] < Actions[best]) best = k;
        return best;
    }
}

/// <summary>The outcome of a precision-annealing run.</summary>
public sealed class AnnealingResult<TModel> where TModel : IDynamicalModel<TModel>
{
    internal AnnealingResult(AssimilationProblem<TModel> problem, AnnealingOptions options, double[] rf0, int betaMax, StartKind starts, MinimizerKind minimizer,
        AnnealingOutcome outcome)
    {
        Starts = starts;
        Minimizer = minimizer;
        BetaMax = betaMax;
        Problem = problem;
        Options = options;
        Rf0 = rf0;
        Levels = outcome.Levels;
        FinalPaths = outcome.FinalPaths;
        VisitedBetas = outcome.VisitedBetas;
        Stop = outcome.Stop;
        Elapsed = outcome.Elapsed;
        BestPath = outcome.Levels[^1].LowestActionPath();
    }

    /// <summary>The problem that was annealed.</summary>
    public AssimilationProblem<TModel> Problem { get; }
    /// <summary>The options as given (automatic choices are resolved in <see cref="Rf0"/>, <see cref="BetaMax"/>, <see cref="Starts"/> and <see cref="Minimizer"/>).</summary>
    public AnnealingOptions Options { get; }

    /// <summary>The R_f0 per state component the run used: the options' values, or the automatic ones (<see cref="AutomaticPrecision"/>).</summary>
    public double[] Rf0 { get; }

    /// <summary>The minimizer that ran at every β (the options' choice, or what <see cref="AutomaticMinimizerOptions"/> resolved to).</summary>
    public MinimizerKind Minimizer { get; }

    /// <summary>How the initial paths were built (the options' choice, or what <see cref="StartKind.Automatic"/> resolved to).</summary>
    public StartKind Starts { get; }

    /// <summary>The last β of the schedule: the options' value or the derived one (<see cref="AutomaticPrecision.BetaMax"/>).</summary>
    public int BetaMax { get; }

    /// <summary>One entry per integer β reached (fewer than β_max + 1 when the run stopped on a plateau).</summary>
    public IReadOnlyList<AnnealingLevel> Levels { get; }

    /// <summary>Every β each path was minimized at, in order: the integer levels and any smaller steps taken after a failed minimization.</summary>
    public double[][] VisitedBetas { get; }

    /// <summary>Why the run stopped: at β_max, or on a settled plateau.</summary>
    public StopReason Stop { get; }

    /// <summary>The packed minimizer of every path at the last level.</summary>
    public double[][] FinalPaths { get; }

    /// <summary>The path with the lowest action at the last level.</summary>
    public int BestPath { get; }

    /// <summary>The packed path (states, midpoints, estimated parameters) with the lowest action at the last level.</summary>
    public double[] Best => FinalPaths[BestPath];

    /// <summary>Wall time of the levels (building the starts and judging the run are not included).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>What the run can say about itself (null when <see cref="AnnealingOptions.Verdict"/> is off).</summary>
    public AnnealingVerdict? Verdict { get; internal set; }

    /// <summary>The best path's state at grid point n.</summary>
    public ReadOnlySpan<double> State(int n) => Best.AsSpan(n * TModel.StateCount, TModel.StateCount);

    /// <summary>The best path's full parameter vector (fixed and estimated).</summary>
    public double[] BestParameters()
    {
        var p = new double[TModel.ParameterCount];
        Problem.FullParameters(Best, p);
        return p;
    }
}
