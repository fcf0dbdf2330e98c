using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// A run spread over processes: every shard anneals a block of the starts (<see cref="RunShard{TModel}"/>),
/// and <see cref="Merge{TModel}"/> combines the shards into the result one process would have returned.
/// This works because a start's path depends only on (seed, start index), R_f0 and the kind of starts
/// are settled identically in every process, and every start has its own minimizer; the only coupling
/// between starts is the joint plateau stop, which the merge decides.
/// </summary>
public static partial class PrecisionAnnealing
{
    /// <summary>
    /// Anneals the starts of <paramref name="shard"/> to β_max. The plateau stop is not applied here —
    /// it depends on all starts — but with <see cref="AnnealingOptions.StopAtPlateau"/> every level's
    /// paths are kept, so <see cref="Merge{TModel}"/> can stop where one process would have; a shard
    /// therefore runs further than a single process that stops early, and its result holds one path
    /// per start and level.
    /// </summary>
    /// <param name="problem">The data-assimilation problem (the same in every shard).</param>
    /// <param name="options">The whole run's options (the same in every shard; threads may differ). A shard is not resumable: <see cref="AnnealingOptions.ResumeFrom"/> must be null, and <see cref="AnnealingOptions.Checkpoint"/> is not called.</param>
    /// <param name="shard">Which block of the starts to anneal; at most <see cref="AnnealingOptions.Paths"/> shards.</param>
    /// <param name="progress">Receives one report per finished (start, β), with starts numbered as in the whole run.</param>
    /// <param name="cancellation">Checked inside the minimizers; a cancelled shard throws <see cref="OperationCanceledException"/>.</param>
    public static AnnealingShardResult RunShard<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, AnnealingShard shard,
        IProgress<AnnealingProgress>? progress = null, CancellationToken cancellation = default) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ResumeFrom is not null) throw new ArgumentException("ResumeFrom: a shard is not resumable; run it again.", nameof(options));
        if (shard.Count > options.Paths)
            throw new ArgumentException($"{shard.Count} shards of {options.Paths} starts would leave a shard without starts; use at most {options.Paths} shards.", nameof(shard));
        PreparedRun run = Prepare(problem, options);
        int first = shard.FirstStart(options.Paths), count = shard.StartCount(options.Paths);
        var starts = new double[count][];
        for (int k = 0; k < count; k++)
            starts[k] = first + k == 0 ? run.FirstStart : StartFor(problem, options, run, first + k);

        // A plateau stop can fall on any level, so every level's paths are kept; without it only β_max's matter.
        var kept = new List<double[][]>();
        Action<AnnealingCheckpoint>? keep = options.StopAtPlateau ? checkpoint => kept.Add(checkpoint.Paths) : null;
        var recovery = new AnnealingRecovery(run.Fingerprint, null, keep);
        IProgress<AnnealingProgress>? numbered = progress is null ? null : new RenumberedProgress(progress, first);
        AnnealingOutcome outcome = Anneal(problem, options, run, run.Schedule with { StopAtPlateau = false }, starts, numbered, cancellation, recovery);
        if (!options.StopAtPlateau) kept.Add(outcome.FinalPaths);
        int firstKept = outcome.Levels.Length - kept.Count;
        return new AnnealingShardResult(run.Fingerprint, shard, options.Paths, outcome.Levels, firstKept, kept.ToArray(), outcome.VisitedBetas, outcome.Elapsed);
    }

    /// <summary>
    /// Combines the shards of one run into the result <see cref="Run{TModel}"/> would have returned in
    /// one process: the same levels, stop, final paths, visited β, best path and verdict (only
    /// <see cref="AnnealingResult{TModel}.Elapsed"/> differs: it is the longest shard's wall time).
    /// The plateau stop is applied to the combined levels, level by level, by the rule a single run uses.
    /// </summary>
    /// <param name="problem">The problem the shards annealed.</param>
    /// <param name="options">The options the shards ran with.</param>
    /// <param name="shards">One result of every shard of the run, in any order.</param>
    /// <exception cref="ArgumentException">
    /// A shard is missing or given twice, the shards split the run differently, or a shard belongs to a run
    /// with other data or options (the message names the shard; the parameter is <paramref name="shards"/>).
    /// </exception>
    public static AnnealingResult<TModel> Merge<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, IReadOnlyList<AnnealingShardResult> shards)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(shards);
        PreparedRun run = Prepare(problem, options);
        AnnealingShardResult[] ordered = CheckedShards(shards, run, options);

        int paths = options.Paths, levelCount = run.BetaMax + 1;
        var levels = new AnnealingLevel[levelCount];
        for (int b = 0; b < levelCount; b++)
        {
            AnnealingLevel template = ordered[0].Levels[b];
            levels[b] = new AnnealingLevel(template.Beta, template.Rf, paths, template.RecordedCount);
            foreach (AnnealingShardResult shard in ordered)
            {
                AnnealingLevel part = shard.Levels[b];
                for (int k = 0; k < shard.StartCount; k++)
                    levels[b].Record(shard.FirstStart + k, part.Actions[k], part.MeasurementTerms[k], part.ModelTerms[k], part.Parameters[k],
                        new MinimizerResult(part.Actions[k], part.Iterations[k], part.Evaluations[k], part.Exits[k], double.NaN, part.HessianEvaluations[k]), part.Substeps[k]);
            }
        }

        (int kept, StopReason stop) = AnnealingDriver.StopLevel(levels, run.Schedule);
        int lastBeta = kept - 1;
        var finalPaths = new double[paths][];
        var visited = new double[paths][];
        foreach (AnnealingShardResult shard in ordered)
            for (int k = 0; k < shard.StartCount; k++)
            {
                double[] path = shard.PathAt(k, lastBeta)
                    ?? throw new ArgumentException($"shard {shard.Shard} kept no paths at β = {lastBeta}, where the run stops.", nameof(shards));
                finalPaths[shard.FirstStart + k] = (double[])path.Clone();
                // A start's visits in (β − 1, β] belong to level β, so the visits up to the last kept β are exactly that run's.
                visited[shard.FirstStart + k] = shard.VisitedBetas[k].Where(beta => beta <= lastBeta).ToArray();
            }
        TimeSpan elapsed = ordered.Max(shard => shard.Elapsed);
        var outcome = new AnnealingOutcome(levels[..kept], finalPaths, visited, stop, elapsed);
        return Finish(problem, options, run, outcome);
    }

    /// <summary>The shards in index order, once they are known to be every shard of this very run, each complete.</summary>
    private static AnnealingShardResult[] CheckedShards(IReadOnlyList<AnnealingShardResult> shards, PreparedRun run, AnnealingOptions options)
    {
        if (shards.Count == 0) throw new ArgumentException("no shards to merge.", nameof(shards));
        foreach (AnnealingShardResult? shard in shards) ArgumentNullException.ThrowIfNull(shard, nameof(shards));
        int count = shards[0].Shard.Count;
        var ordered = new AnnealingShardResult?[count];
        foreach (AnnealingShardResult shard in shards)
        {
            if (shard.Shard.Count != count)
                throw new ArgumentException($"shard {shard.Shard} and shard {shards[0].Shard} split the run differently; merge the shards of one split.", nameof(shards));
            if (shard.Fingerprint != run.Fingerprint || shard.TotalPaths != options.Paths)
                throw new ArgumentException($"shard {shard.Shard} belongs to a run with other data, bounds or options; merge with the options the shards ran with.", nameof(shards));
            if (ordered[shard.Shard.Index] is not null) throw new ArgumentException($"shard {shard.Shard} is given twice.", nameof(shards));
            if (shard.Levels.Count != run.BetaMax + 1)
                throw new ArgumentException($"shard {shard.Shard} holds {shard.Levels.Count} levels; the run has β_max + 1 = {run.BetaMax + 1}.", nameof(shards));
            ordered[shard.Shard.Index] = shard;
        }
        for (int index = 0; index < count; index++)
            if (ordered[index] is null) throw new ArgumentException($"shard {new AnnealingShard(index, count)} is missing.", nameof(shards));
        return ordered!;
    }

    /// <summary>Reports a shard's progress with its starts numbered as in the whole run.</summary>
    private sealed class RenumberedProgress(IProgress<AnnealingProgress> inner, int firstStart) : IProgress<AnnealingProgress>
    {
        public void Report(AnnealingProgress value) => inner.Report(value with { Path = value.Path + firstStart });
    }
}
