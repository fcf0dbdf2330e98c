using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace DeepestLearning;

/// <summary>
/// The one precision-annealing loop behind <see cref="PrecisionAnnealing"/> (models) and
/// <see cref="NetworkAnnealing"/> (networks). Every start is minimized at R_f = R_f0·α^β for
/// β = 0, 1, 2 …, warm-started from its previous minimum; all starts finish a β before the next
/// begins, so the run can stop as a whole once the lowest level has settled.
///
/// <b>Adaptive steps.</b> When the minimization at the next β fails — its iteration or evaluation
/// budget runs out, the trust region collapses, or the action is not finite — the start goes back
/// to its last accepted path and approaches the same β in half the step (α^½, then α^¼ …, at most
/// <see cref="AnnealingSchedule.MaxHalvings"/> times); after a success the step doubles again. A
/// halved step that runs out of the same budget ends the halving for that level (its result is
/// accepted and the start goes on): smaller steps did not help. Only the integer β are recorded as
/// levels; every β actually visited is kept per start.
///
/// <b>Stopping.</b> Stop at β_max, or earlier when the lowest level has settled
/// (<see cref="Plateau"/>: the change still to come, projected from the last
/// <see cref="AnnealingSchedule.PlateauLevels"/> levels, is below <see cref="AnnealingSchedule.PlateauAction"/>)
/// while its measurement term is within 3 standard deviations of its χ² expectation. The default
/// ½ is the action change of a one-standard-deviation move of any estimated quantity (the action
/// is a negative log-likelihood), so later levels could not move the estimate by more.
///
/// Starts run in parallel; each uses only its own objective, minimizer and path, so the result is
/// bit-identical for any thread count.
/// </summary>
internal static class AnnealingDriver
{
    /// <summary>Runs the annealing. <paramref name="starts"/> holds every start's initial packed path (each is overwritten by its minimizer).</summary>
    /// <remarks>
    /// With <see cref="AnnealingRecovery.ResumeFrom"/> the run continues after that checkpoint's last level
    /// (its paths replace <paramref name="starts"/>); <see cref="AnnealingRecovery.Checkpoint"/> receives a
    /// checkpoint after every completed level; a cancelled run throws <see cref="AnnealingCanceledException"/>
    /// with the completed levels.
    /// </remarks>
    public static AnnealingOutcome Run(AnnealingSchedule schedule, double[][] starts, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper,
        Func<int, IAnnealedAction> createAction, Func<IAnnealedAction, IBoundedMinimizer> createMinimizer, PathParameters recordedParameters, int recordedCount,
        IProgress<AnnealingProgress>? progress, CancellationToken cancellation, AnnealingRecovery recovery)
    {
        int paths = starts.Length;
        double[] lo = lower.ToArray(), hi = upper.ToArray();
        var actions = new IAnnealedAction[paths];
        var minimizers = new IBoundedMinimizer[paths];
        var accepted = new double[paths][];
        var visited = new List<double>[paths];
        for (int k = 0; k < paths; k++)
        {
            actions[k] = createAction(k);
            minimizers[k] = createMinimizer(actions[k]);
            accepted[k] = new double[starts[k].Length];
            visited[k] = new List<double>();
        }

        var levels = new List<AnnealingLevel>();
        TimeSpan earlier = TimeSpan.Zero;
        if (recovery.ResumeFrom is { } resume)
        {
            Resume(resume, starts, visited, levels);
            earlier = resume.Elapsed;
        }
        // What a checkpoint needs of the last completed level: the paths are overwritten in place
        // while the next level runs, so they are copied at every level's end.
        var completedPaths = new double[paths][];
        var completedVisits = new int[paths];
        for (int k = 0; k < paths; k++) completedPaths[k] = (double[])starts[k].Clone();
        for (int k = 0; k < paths; k++) completedVisits[k] = visited[k].Count;

        var watch = Stopwatch.StartNew();
        var tracker = new AnnealingProgressTracker(progress, paths, schedule.BetaMax + 1, watch);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = schedule.Threads, CancellationToken = cancellation };
        StopReason stop = StopReason.BetaMax;
        bool settled = levels.Count > 0 && schedule.StopAtPlateau && Settled(levels, schedule); // a checkpoint of a finished run
        for (int beta = levels.Count; beta <= schedule.BetaMax && !settled; beta++)
        {
            var level = new AnnealingLevel(beta, schedule.ReferenceRf * Math.Pow(schedule.Alpha, beta), paths, recordedCount);
            int b = beta;
            try
            {
                Parallel.For(0, paths, parallel, path =>
                {
                    Advance(schedule, b, actions[path], minimizers[path], starts[path], accepted[path], lo, hi, visited[path], level, path, recordedParameters, cancellation);
                    tracker.Completed(path, b, level.Rf, level.Actions[path]);
                });
            }
            catch (Exception error) when (cancellation.IsCancellationRequested && IsCancellation(error))
            {
                throw new AnnealingCanceledException(Snapshot(recovery, levels, completedPaths, visited, completedVisits, earlier + watch.Elapsed), cancellation);
            }
            catch (AggregateException error) when (error.InnerExceptions.Count == 1)
            {
                // One start failed: its own exception (with its stack) says more than the wrapper.
                ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
            }
            levels.Add(level);
            for (int k = 0; k < paths; k++) starts[k].AsSpan().CopyTo(completedPaths[k]);
            for (int k = 0; k < paths; k++) completedVisits[k] = visited[k].Count;
            recovery.Checkpoint?.Invoke(Snapshot(recovery, levels, completedPaths, visited, completedVisits, earlier + watch.Elapsed));
            settled = schedule.StopAtPlateau && Settled(levels, schedule);
        }
        if (settled) stop = StopReason.Plateau;
        var visitedArrays = new double[paths][];
        for (int k = 0; k < paths; k++) visitedArrays[k] = visited[k].ToArray();
        return new AnnealingOutcome(levels.ToArray(), starts, visitedArrays, stop, earlier + watch.Elapsed);
    }

    /// <summary>Restores the levels, paths and visited β of a checkpoint (checked against this run's shape).</summary>
    private static void Resume(AnnealingCheckpoint resume, double[][] starts, List<double>[] visited, List<AnnealingLevel> levels)
    {
        if (resume.Paths.Length != starts.Length)
            throw new ArgumentException($"the checkpoint holds {resume.Paths.Length} starts; this run has {starts.Length}.", "options");
        for (int k = 0; k < starts.Length; k++)
        {
            if (resume.Paths[k].Length != starts[k].Length)
                throw new ArgumentException($"the checkpoint's path {k} has {resume.Paths[k].Length} variables; this problem has {starts[k].Length}.", "options");
            resume.Paths[k].AsSpan().CopyTo(starts[k]);
            visited[k].AddRange(resume.VisitedBetas[k]);
        }
        levels.AddRange(resume.Levels);
    }

    /// <summary>A checkpoint of the completed levels (copies: the caller may keep it while the run goes on).</summary>
    private static AnnealingCheckpoint Snapshot(AnnealingRecovery recovery, List<AnnealingLevel> levels, double[][] completedPaths,
        List<double>[] visited, int[] completedVisits, TimeSpan elapsed)
    {
        var paths = new double[completedPaths.Length][];
        var visits = new double[completedPaths.Length][];
        for (int k = 0; k < paths.Length; k++)
        {
            paths[k] = (double[])completedPaths[k].Clone();
            visits[k] = visited[k].GetRange(0, completedVisits[k]).ToArray();
        }
        return new AnnealingCheckpoint(recovery.Fingerprint, levels.ToArray(), paths, visits, elapsed);
    }

    /// <summary>Whether a level ended because the run was cancelled (directly, or inside every start that failed).</summary>
    private static bool IsCancellation(Exception error) => error switch
    {
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => e is OperationCanceledException),
        _ => false,
    };

    /// <summary>Moves one start from its minimum at β − 1 to one at β, halving the step where a minimization fails.</summary>
    private static void Advance(AnnealingSchedule schedule, int beta, IAnnealedAction action, IBoundedMinimizer minimizer, double[] x, double[] accepted,
        double[] lower, double[] upper, List<double> visited, AnnealingLevel level, int path, PathParameters recordedParameters, CancellationToken cancellation)
    {
        double from = beta - 1, step = 1;
        int iterations = 0, evaluations = 0, hessians = 0, substeps = 0, halvings = 0;
        bool halvingHelps = true; // false once a halved step ran out of the same budget as the step it replaced
        ExitReason? retriedFailure = null;
        MinimizerResult result = default;
        x.AsSpan().CopyTo(accepted);
        if (beta == 0) from = step = 0; // the first level: one minimization at R_f0
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            double target = Math.Min(from + step, beta);
            action.SetPrecisionScale(Math.Pow(schedule.Alpha, target));
            result = minimizer.Minimize(x, lower, upper, cancellation);
            iterations += result.Iterations;
            evaluations += result.Evaluations;
            hessians += result.HessianEvaluations;
            substeps++;
            // A halved step that runs out of the same budget as the whole one shows the step size was not the cause —
            // the level is slow, not too far — so no further halving is spent on it. (Other failures — a collapsed
            // trust region, a non-finite action — keep all their halvings: there a smaller step is the remedy.)
            if (retriedFailure is { } previous && result.Exit == previous && result.Exit is ExitReason.MaxIterations or ExitReason.MaxEvaluations)
                halvingHelps = false;
            retriedFailure = null;
            if (schedule.Adaptive && beta > 0 && Failed(result) && halvings < schedule.MaxHalvings && halvingHelps)
            {
                accepted.AsSpan().CopyTo(x); // back to the last accepted path, half the step
                step *= 0.5;
                halvings++;
                retriedFailure = result.Exit;
                continue;
            }
            visited.Add(target);
            if (target >= beta) break;
            from = target;
            x.AsSpan().CopyTo(accepted);
            step = Math.Min(2 * step, 1.0);
        }

        // The action keeps the two terms of its last evaluation; after an accepted step that was at x, so value, gradient and
        // terms come from one evaluation. Only a run that ended on a rejected trial or a failed line search evaluates x again.
        double value = result.AtLastEvaluation && double.IsFinite(result.Value) ? result.Value : action.Value(x);
        var parameters = new double[level.RecordedCount];
        recordedParameters(x, parameters);
        level.Record(path, value, action.LastMeasurementTerm, action.LastModelTerm, parameters,
            result with { Iterations = iterations, Evaluations = evaluations, HessianEvaluations = hessians }, substeps);
    }

    /// <summary>A minimization that did not reach a minimum: a budget ran out, the trust region collapsed, or the action or its derivatives were not finite.</summary>
    internal static bool Failed(MinimizerResult result) =>
        result.Exit is ExitReason.MaxIterations or ExitReason.MaxEvaluations or ExitReason.TrustRegionCollapsed
            or ExitReason.NonFiniteValue or ExitReason.NonFiniteGradient or ExitReason.NonFiniteHessian
        || !double.IsFinite(result.Value);

    /// <summary>
    /// How many of <paramref name="levels"/> (all starts, β = 0, 1 …) a run that had annealed them one by
    /// one would have kept: the levels up to the first after which <see cref="Settled"/> holds, or all of
    /// them. The merge of shards (<see cref="PrecisionAnnealing.Merge{TModel}"/>) applies the rule the loop
    /// above applies, level by level, to shards that ran on to β_max.
    /// </summary>
    internal static (int Count, StopReason Stop) StopLevel(IReadOnlyList<AnnealingLevel> levels, AnnealingSchedule schedule)
    {
        if (schedule.StopAtPlateau)
        {
            var prefix = new List<AnnealingLevel>(levels.Count);
            foreach (AnnealingLevel level in levels)
            {
                prefix.Add(level);
                if (Settled(prefix, schedule)) return (prefix.Count, StopReason.Plateau);
            }
        }
        return (levels.Count, StopReason.BetaMax);
    }

    /// <summary>The stopping rule: the lowest level settled (<see cref="Plateau"/>) and its measurement term consistent with χ².</summary>
    private static bool Settled(List<AnnealingLevel> levels, AnnealingSchedule schedule)
    {
        var lowest = new double[levels.Count];
        for (int b = 0; b < lowest.Length; b++) lowest[b] = levels[b].Actions[levels[b].LowestActionPath()];
        if (!Plateau.Settled(lowest, schedule.Alpha, schedule.PlateauLevels, schedule.PlateauAction)) return false;
        if (schedule.Measurements <= 0) return true;
        AnnealingLevel last = levels[^1];
        double expected = schedule.Measurements / 2.0, sd = Math.Sqrt(expected);
        return Math.Abs(last.MeasurementTerms[last.LowestActionPath()] - expected) <= AnnealingVerdict.ChiSquareDeviations * sd;
    }
}

/// <summary>How far annealing runs and how it steps (see <see cref="AnnealingDriver"/>).</summary>
internal sealed record AnnealingSchedule(double Alpha, int BetaMax, int Threads, double ReferenceRf, bool Adaptive, int MaxHalvings,
    bool StopAtPlateau, int PlateauLevels, double PlateauAction, int Measurements);

/// <summary>Why the annealing stopped.</summary>
public enum StopReason
{
    /// <summary>β reached β_max.</summary>
    BetaMax,

    /// <summary>The lowest level settled (flat, measurement term consistent with χ²) before β_max.</summary>
    Plateau,
}

/// <summary>
/// Checkpointing of one run: the fingerprint its checkpoints carry, a checkpoint to continue from
/// (null: start at β = 0), and a sink that receives a checkpoint after every completed level.
/// </summary>
internal sealed record AnnealingRecovery(ulong Fingerprint, AnnealingCheckpoint? ResumeFrom, Action<AnnealingCheckpoint>? Checkpoint)
{
    /// <summary>No resume, no checkpoints (a cancelled run still reports its completed levels).</summary>
    public static AnnealingRecovery None { get; } = new(0, null, null);
}

/// <summary>What the driver hands back to the model and network front ends.</summary>
internal sealed record AnnealingOutcome(AnnealingLevel[] Levels, double[][] FinalPaths, double[][] VisitedBetas, StopReason Stop, TimeSpan Elapsed);
