using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace DeepestLearning;

/// <summary>
/// Precision annealing (docs/design.md §1.2): every initial path is minimized at R_f = R_f0·α^β for
/// β = 0 … β_max, each β warm-started from that path's previous minimum. Paths run in
/// parallel; each path's random start comes from its own generator seeded by (seed, path), so
/// results are bit-identical whatever the thread count.
/// </summary>
public static partial class PrecisionAnnealing
{
    /// <summary>
    /// Anneals <paramref name="problem"/>: builds the starts, chooses R_f0 and β_max where the options leave them
    /// open, runs every start through the levels (<see cref="AnnealingDriver"/>), and judges the outcome
    /// (<see cref="AnnealingResult{TModel}.Verdict"/>).
    /// </summary>
    /// <param name="problem">The data-assimilation problem.</param>
    /// <param name="options">Schedule, starts, minimizer; invalid values throw <see cref="ArgumentException"/> naming <c>options</c>.</param>
    /// <param name="progress">Receives one report per finished (start, β).</param>
    /// <param name="cancellation">Checked before every minimization; a cancelled run throws <see cref="OperationCanceledException"/>.</param>
    public static AnnealingResult<TModel> Run<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options,
        IProgress<AnnealingProgress>? progress = null, CancellationToken cancellation = default) where TModel : IDynamicalModel<TModel>
    {
        PreparedRun run = Prepare(problem, options);
        if (options.ResumeFrom is { } resume && resume.Fingerprint != run.Fingerprint)
            throw new ArgumentException("ResumeFrom: the checkpoint was written by a run with other data, bounds or options; resume with the same problem and options.", nameof(options));
        var starts = new double[options.Paths][];
        starts[0] = run.FirstStart;
        for (int path = 1; path < options.Paths; path++) starts[path] = StartFor(problem, options, run, path);
        var recovery = new AnnealingRecovery(run.Fingerprint, options.ResumeFrom, options.Checkpoint);
        AnnealingOutcome outcome = Anneal(problem, options, run, run.Schedule, starts, progress, cancellation, recovery);
        return Finish(problem, options, run, outcome);
    }

    /// <summary>
    /// What every run of <paramref name="problem"/> with <paramref name="options"/> settles before its first
    /// minimization — in one process or in any shard, identically: the options checked, the bounds, the kind
    /// of starts, the first start (the automatic R_f0 is computed on it), R_f0, β_max, the fingerprint and the schedule.
    /// </summary>
    private static PreparedRun Prepare<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        int d = TModel.StateCount;
        if (options.Rf0 is { } given)
        {
            if (given.Length != d) throw new ArgumentException($"Rf0 must have {d} entries (one per state component), not {given.Length}.", nameof(options));
            for (int a = 0; a < d; a++)
                if (!(given[a] > 0) || !double.IsFinite(given[a])) throw new ArgumentException($"Rf0[{a}] = {given[a]} must be positive and finite.", nameof(options));
        }
        if (options.MaxHalvings < 0) throw new ArgumentException($"MaxHalvings = {options.MaxHalvings} must not be negative.", nameof(options));
        if (options.PlateauLevels < 1) throw new ArgumentException($"PlateauLevels = {options.PlateauLevels} must be at least 1.", nameof(options));
        if (!(options.PlateauAction >= 0)) throw new ArgumentException($"PlateauAction = {options.PlateauAction} must not be negative.", nameof(options));
        if (!Enum.IsDefined(options.Starts)) throw new ArgumentException($"Starts = {options.Starts} is not a start kind.", nameof(options));
        if (!(options.Alpha > 1) || !double.IsFinite(options.Alpha)) throw new ArgumentException($"Alpha = {options.Alpha} must be greater than 1.", nameof(options));
        if (options.BetaMax is < 0) throw new ArgumentException($"BetaMax = {options.BetaMax} must not be negative.", nameof(options));
        if (options.Paths < 1) throw new ArgumentException($"Paths = {options.Paths} must be at least 1.", nameof(options));
        if (options.Threads < 1) throw new ArgumentException($"Threads = {options.Threads} must be at least 1.", nameof(options));
        if (options.InitialParameters is { } guess && guess.Length != problem.EstimatedParameters.Length)
            throw new ArgumentException($"InitialParameters must have {problem.EstimatedParameters.Length} entries (one per estimated parameter), not {guess.Length}.", nameof(options));

        if (problem.MeasurementCount == 0)
            throw new ArgumentException("the problem has no measurements (no observed component, no measurement time, every value missing or weighted 0): there is nothing to anneal towards.", nameof(problem));

        int n = problem.VariableCount;
        var lower = new double[n];
        var upper = new double[n];
        problem.PackedBounds(lower, upper);
        if (options.Minimizer is null) throw new ArgumentException("Minimizer must not be null.", nameof(options));
        MinimizerOptions minimizer = ChooseMinimizer(problem, options);
        CheckInitialPaths(options, n);
        if (options.Starts == StartKind.Synchronized && problem.ObservesMeasurementFunction)
            throw new ArgumentException("Starts = Synchronized resets the observed state components to the data, but this model measures through its [Measurement] function: no state component is observed. Use Uniform (the automatic choice here) or InitialPaths.", nameof(options));
        StartKind kind = options.Starts == StartKind.Automatic ? ChooseStarts(problem, options, lower, upper) : options.Starts;
        double[] first = GivenStart(options, 0, lower, upper) ?? StartPath(problem, options, kind, 0, lower, upper);
        double[] rf0 = options.Rf0 ?? AutomaticPrecision.ModelPrecision(problem, first, unobservedFollowData: kind == StartKind.Synchronized);

        int measurements = problem.MeasurementCount;
        int betaMax = options.BetaMax ?? AutomaticPrecision.BetaMax(problem, rf0, options.Alpha);
        double largestRf = 0;
        foreach (double r in rf0) largestRf = Math.Max(largestRf, r);
        if (!double.IsFinite(largestRf * Math.Pow(options.Alpha, betaMax)))
            throw new ArgumentException($"R_f0·α^β_max overflows: R_f0 up to {largestRf:G3}, α = {options.Alpha}, β_max = {betaMax}; lower BetaMax or Alpha.", nameof(options));
        ulong fingerprint = Fingerprint(problem, options, rf0, betaMax, kind, minimizer);
        var schedule = new AnnealingSchedule(options.Alpha, betaMax, options.Threads, rf0[0], options.AdaptiveSteps, options.MaxHalvings,
            options.StopAtPlateau, options.PlateauLevels, options.PlateauAction, measurements);
        return new PreparedRun(lower, upper, kind, minimizer, first, rf0, betaMax, fingerprint, schedule);
    }

    /// <summary>Runs <paramref name="starts"/> through the levels of <paramref name="schedule"/>, each start with its own action and minimizer.</summary>
    private static AnnealingOutcome Anneal<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, PreparedRun run, AnnealingSchedule schedule,
        double[][] starts, IProgress<AnnealingProgress>? progress, CancellationToken cancellation, AnnealingRecovery recovery) where TModel : IDynamicalModel<TModel>
    {
        int n = problem.VariableCount;
        return AnnealingDriver.Run(schedule, starts, run.Lower, run.Upper,
            _ =>
            {
                var action = new ActionFunction<TModel>(problem);
                action.SetBasePrecision(run.Rf0);
                return action;
            },
            action => run.Minimizer.Create(action),
            problem.FullParameters, TModel.ParameterCount, progress, cancellation, recovery);
    }

    /// <summary>The result of the levels a run kept, judged when <see cref="AnnealingOptions.Verdict"/> asks for it.</summary>
    private static AnnealingResult<TModel> Finish<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, PreparedRun run, AnnealingOutcome outcome)
        where TModel : IDynamicalModel<TModel>
    {
        var result = new AnnealingResult<TModel>(problem, options, run.Rf0, run.BetaMax, run.Kind, run.Minimizer.Kind, outcome);
        if (options.Verdict) result.Verdict = Judge(result);
        return result;
    }

    /// <summary>What <see cref="Prepare{TModel}"/> settles: the same for every process of one run.</summary>
    private sealed record PreparedRun(double[] Lower, double[] Upper, StartKind Kind, MinimizerOptions Minimizer, double[] FirstStart, double[] Rf0, int BetaMax, ulong Fingerprint,
        AnnealingSchedule Schedule);

    /// <summary>What a checkpoint of this run is tied to: the model, the data, the bounds, and every option that shapes the result (not threads).</summary>
    private static ulong Fingerprint<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, double[] rf0, int betaMax, StartKind kind, MinimizerOptions minimizer)
        where TModel : IDynamicalModel<TModel>
    {
        var hash = new RunFingerprint();
        hash.Add(typeof(TModel).FullName ?? typeof(TModel).Name);
        hash.Add(problem.Steps);
        hash.Add(problem.Dt);
        hash.Add((int)problem.Discretization);
        hash.Add(problem.Observations.Components);
        hash.Add(problem.Observations.Times);
        hash.Add(problem.Observations.Values);
        hash.Add(problem.MeasurementPrecision);
        if (problem.EntryPrecision is { } perEntry) hash.Add(perEntry); // missing values are in Values already, as NaN
        hash.Add(problem.StateLower);
        hash.Add(problem.StateUpper);
        hash.Add(problem.ParameterLower);
        hash.Add(problem.ParameterUpper);
        hash.Add(problem.EstimatedParameters);
        hash.Add(problem.ParameterValues);
        hash.Add(problem.Stimulus);
        hash.Add(rf0);
        hash.Add(betaMax);
        hash.Add((int)kind);
        hash.Add(options.Alpha);
        hash.Add(options.Paths);
        hash.Add(options.Seed);
        hash.Add((int)minimizer.Kind);
        hash.Add(options.AdaptiveSteps);
        hash.Add(options.MaxHalvings);
        hash.Add(options.StopAtPlateau);
        hash.Add(options.PlateauLevels);
        hash.Add(options.PlateauAction);
        if (options.InitialParameters is { } guess) hash.Add(guess);
        if (options.InitialPaths is { } given)
            for (int k = 0; k < given.Count; k++)
                if (given[k] is { } path)
                {
                    hash.Add(k);
                    hash.Add(path);
                }
        return hash.Value;
    }

    /// <summary>
    /// <see cref="AnnealingOptions.InitialPaths"/> checked against the problem: at most one per start, each of the
    /// packed length and finite (a NaN would turn the first minimization's action NaN far from its cause).
    /// </summary>
    private static void CheckInitialPaths(AnnealingOptions options, int variables)
    {
        if (options.InitialPaths is not { } given) return;
        if (given.Count > options.Paths)
            throw new ArgumentException($"InitialPaths holds {given.Count} paths but Paths = {options.Paths}: give at most one per start.", nameof(options));
        for (int k = 0; k < given.Count; k++)
        {
            if (given[k] is not { } path) continue;
            if (path.Length != variables)
                throw new ArgumentException($"InitialPaths[{k}] has {path.Length} values; this problem's packed path has {variables} (AssimilationProblem.VariableCount; AssimilationProblem.Pack builds one from states and parameters).", nameof(options));
            for (int i = 0; i < path.Length; i++)
                if (!double.IsFinite(path[i]))
                    throw new ArgumentException($"InitialPaths[{k}][{i}] is {path[i]}; an initial path must be finite.", nameof(options));
        }
    }

    /// <summary>
    /// Start <paramref name="path"/>'s path as the user gave it (<see cref="AnnealingOptions.InitialPaths"/>), projected onto the
    /// box (minimizers start inside their bounds), or null when the start is to be built.
    /// </summary>
    private static double[]? GivenStart(AnnealingOptions options, int path, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        if (options.InitialPaths is not { } given || path >= given.Count || given[path] is not { } start) return null;
        var x = new double[start.Length];
        for (int i = 0; i < x.Length; i++) x[i] = Math.Clamp(start[i], lower[i], upper[i]);
        return x;
    }

    /// <summary>Start <paramref name="path"/>'s initial path: the user's, or built as <see cref="PreparedRun.Kind"/> says.</summary>
    private static double[] StartFor<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, PreparedRun run, int path) where TModel : IDynamicalModel<TModel>
        => GivenStart(options, path, run.Lower, run.Upper) ?? StartPath(problem, options, run.Kind, path, run.Lower, run.Upper);

    /// <summary>
    /// The verdict on a finished run: its lowest level against χ², the plateau, the starts, and
    /// the Cramér–Rao bounds at the estimate — computed only when the sensitivity integration is
    /// affordable next to the annealing (at most ~10⁹ multiply-adds), else reported as not assessed.
    /// </summary>
    public static AnnealingVerdict Judge<TModel>(AnnealingResult<TModel> result) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(result);
        AssimilationProblem<TModel> problem = result.Problem;
        int d = TModel.StateCount;
        double[] parameters = result.BestParameters();
        double work = (double)(problem.EstimatedParameters.Length + d) * problem.Steps * d * 4 * Math.Max(TModel.JacobianPattern.NonZeroCount, d);
        FisherInformation? fisher = null;
        if (work <= 1e9)
        {
            try
            {
                fisher = FisherInformation.Compute(problem, result.State(0), parameters);
            }
            catch (ArgumentException)
            {
                fisher = null; // the trajectory from the estimate left the finite numbers: nothing to say about information
            }
        }
        var scales = new double[TModel.ParameterCount];
        for (int k = 0; k < scales.Length; k++) scales[k] = AnnealingVerdict.ParameterScale(parameters[k], problem.ParameterLower[k], problem.ParameterUpper[k]);
        AnnealingLevel last = result.Levels[^1];
        var lowest = new double[result.Levels.Count];
        for (int b = 0; b < lowest.Length; b++) lowest[b] = result.Levels[b].Actions[result.Levels[b].LowestActionPath()];
        AnnealingOptions options = result.Options;
        return AnnealingVerdict.Judge(last.MeasurementTerms[result.BestPath], problem.MeasurementCount, lowest, options.Alpha, options.PlateauLevels, options.PlateauAction,
            last.Actions, fisher, scales, options.ParameterNames, DataOutsideBounds(problem));
    }

    /// <summary>
    /// Measurements more than 3σ outside their component's state bounds: no path inside the box can fit them.
    /// Always 0 when the model measures through a [Measurement] function: its outputs have no state bounds.
    /// </summary>
    public static int DataOutsideBounds<TModel>(AssimilationProblem<TModel> problem) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.ObservesMeasurementFunction) return 0;
        Observations obs = problem.Observations;
        int count = 0;
        for (int c = 0; c < obs.Components.Length; c++)
        {
            int a = obs.Components[c];
            for (int row = 0; row < obs.Times.Length; row++)
            {
                double rm = problem.Precision(row, c); // 0 for a missing value: nothing to fit
                if (!(rm > 0)) continue;
                double margin = 3 / Math.Sqrt(rm);
                double y = obs[row, c];
                if (y < problem.StateLower[a] - margin || y > problem.StateUpper[a] + margin) count++;
            }
        }
        return count;
    }

    /// <summary>
    /// Start <paramref name="path"/>'s initial packed path: observed components at the data;
    /// parameters from <see cref="AnnealingOptions.InitialParameters"/> or drawn within their bounds
    /// (a Latin-hypercube stratum per start when starts are synchronized, so starts spread over the
    /// box); unobserved components uniform within their bounds or synchronized to the data
    /// (<see cref="StartPaths.Synchronized{TModel}"/>) according to <see cref="AnnealingOptions.Starts"/>.
    /// </summary>
    public static double[] StartPath<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, StartKind kind, int path, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
        where TModel : IDynamicalModel<TModel>
    {
        if (kind == StartKind.Automatic) throw new ArgumentException("resolve Automatic first (ChooseStarts).", nameof(kind));
        if (kind == StartKind.Uniform) return InitialPath(problem, options, path, lower, upper);
        int d = TModel.StateCount;
        var random = new Random(SeedMix.Start(options.Seed, path));
        var x = new double[problem.VariableCount];
        var parameters = new double[TModel.ParameterCount];
        DesignedParameters(problem, options, path, lower, upper, x, parameters);
        var initialState = new double[d];
        for (int a = 0; a < d; a++) initialState[a] = Uniform(random, lower[a], upper[a]);
        StartPaths.Synchronized(problem, parameters, initialState, x, lower, upper);
        return x;
    }

    /// <summary>
    /// The minimizer a run with <paramref name="options"/> uses on <paramref name="problem"/>: <see cref="AnnealingOptions.Minimizer"/>
    /// as given, or, for <see cref="AutomaticMinimizerOptions"/>, the one it resolves to (Newton when one factorization of the
    /// action's Hessian fits its budget, else L-BFGS-B).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static MinimizerOptions ChooseMinimizer<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        return options.Minimizer is AutomaticMinimizerOptions automatic ? automatic.Resolve(problem) : options.Minimizer;
    }

    /// <summary>
    /// <see cref="StartKind.Synchronized"/> when the run's minimizer is Newton, or when the synchronization test
    /// (<see cref="StartPaths.Synchronizes{TModel}"/>) passes for at least half of the starts' parameter draws;
    /// else <see cref="StartKind.Uniform"/>. A problem without unobserved components is synchronized trivially.
    /// </summary>
    /// <remarks>
    /// Why the minimizer matters (docs/annealing.md, "Choosing the minimizer and the starts"): on Lorenz96, whose
    /// unobserved components do not synchronize, Newton from synchronized starts brought more starts to the lowest
    /// level than from uniform ones in every case measured, while L-BFGS-B from synchronized starts did worse and
    /// took up to 20 times as long.
    /// </remarks>
    public static StartKind ChooseStarts<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (problem.ObservesMeasurementFunction) return StartKind.Uniform; // no state component is measured: nothing to synchronize to
        if (ChooseMinimizer(problem, options).Kind == MinimizerKind.Newton) return StartKind.Synchronized;
        int passed = 0;
        var parameters = new double[TModel.ParameterCount];
        var packed = new double[problem.VariableCount];
        for (int path = 0; path < options.Paths; path++)
        {
            DesignedParameters(problem, options, path, lower, upper, packed, parameters);
            if (StartPaths.Synchronizes(problem, parameters, lower, upper)) passed++;
        }
        return 2 * passed >= options.Paths ? StartKind.Synchronized : StartKind.Uniform;
    }

    /// <summary>
    /// Start <paramref name="path"/>'s parameters for a synchronized start: the user's guess, or its point of the
    /// Latin hypercube over the box. Written into the parameter slots of <paramref name="packed"/> and, with the
    /// fixed values, into the full vector <paramref name="parameters"/>.
    /// </summary>
    private static void DesignedParameters<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, int path,
        ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, Span<double> packed, Span<double> parameters) where TModel : IDynamicalModel<TModel>
    {
        int[] estimated = problem.EstimatedParameters;
        for (int k = 0; k < estimated.Length; k++)
        {
            int index = problem.ParameterOffset + k;
            packed[index] = options.InitialParameters is { } guess
                ? Math.Clamp(guess[k], lower[index], upper[index])
                : LatinHypercube.Coordinate(options.Seed, k, path, options.Paths, lower[index], upper[index]);
        }
        problem.FullParameters(packed, parameters);
    }


    /// <summary>
    /// Observed components start at the data (linearly interpolated between measurement times),
    /// unobserved components and estimated parameters uniform within their bounds; midpoints
    /// start halfway between their neighbours.
    /// </summary>
    public static double[] InitialPath<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, int path, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
        where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, steps = problem.Steps;
        var random = new Random(SeedMix.Start(options.Seed, path));
        var x = new double[problem.VariableCount];
        for (int n = 0; n <= steps; n++)
            for (int a = 0; a < d; a++)
                x[n * d + a] = Uniform(random, lower[n * d + a], upper[n * d + a]);
        for (int k = 0; k < problem.EstimatedParameters.Length; k++)
        {
            int index = problem.ParameterOffset + k;
            x[index] = options.InitialParameters is { } guess ? Math.Clamp(guess[k], lower[index], upper[index]) : Uniform(random, lower[index], upper[index]);
        }

        StartPaths.InterpolateObserved(problem, x, lower, upper);
        StartPaths.FillMidpoints(problem, x);
        return x;
    }

    private static double Uniform(Random random, double low, double high)
    {
        if (double.IsInfinity(low) || double.IsInfinity(high)) return double.IsFinite(low) ? low : double.IsFinite(high) ? high : 0.0;
        return low + (high - low) * random.NextDouble();
    }
}
