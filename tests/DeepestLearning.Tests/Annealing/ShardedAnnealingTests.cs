using System;
using System.IO;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Annealing;

/// <summary>
/// A run spread over shards (issue 13, item 4): three shards annealed apart and merged give the result
/// of one process bit for bit — levels, stop, final and visited β of every start, best path, verdict —
/// including a plateau stop before β_max, which only the merge can decide; shards that do not make up
/// the run are refused.
/// </summary>
public class ShardedAnnealingTests
{
    /// <summary>With the plateau stop this run settles after 14 of its 21 levels; without it, it runs to β_max = 6.</summary>
    private static AnnealingOptions Options(bool plateau) => new()
    {
        Rf0 = Enumerable.Repeat(10.0, 10).ToArray(), Alpha = 2, BetaMax = plateau ? 20 : 6, Paths = 4, Threads = 1, Seed = 4, StopAtPlateau = plateau,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThreeShardsMergedEqualOneRun(bool plateau)
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 2, 4, 6, 8 });
        AnnealingOptions options = Options(plateau);
        AnnealingResult<Lorenz96D10> whole = PrecisionAnnealing.Run(problem, options);
        if (plateau) Assert.True(whole.Stop == StopReason.Plateau && whole.Levels.Count < 21, "the run should stop on a plateau before β_max: shards then run further than the merge keeps");

        // Every shard through the binary format, as a separate process would hand it over; merged in another order.
        AnnealingShardResult[] shards = Enumerable.Range(0, 3)
            .Select(index => Reread(PrecisionAnnealing.RunShard(problem, options, new AnnealingShard(index, 3))))
            .Reverse().ToArray();
        Assert.Equal(new[] { 1, 1, 2 }, shards.Reverse().Select(s => s.StartCount).ToArray());
        AnnealingResult<Lorenz96D10> merged = PrecisionAnnealing.Merge(problem, options with { Threads = 2 }, shards);

        Assert.Equal(whole.Stop, merged.Stop);
        Assert.Equal(whole.Levels.Count, merged.Levels.Count);
        for (int b = 0; b < whole.Levels.Count; b++) AnnealingAssert.SameLevel(whole.Levels[b], merged.Levels[b]);
        for (int k = 0; k < options.Paths; k++)
        {
            Assert.Equal(AnnealingAssert.Bits(whole.FinalPaths[k]), AnnealingAssert.Bits(merged.FinalPaths[k]));
            Assert.Equal(AnnealingAssert.Bits(whole.VisitedBetas[k]), AnnealingAssert.Bits(merged.VisitedBetas[k]));
        }
        Assert.Equal(whole.BestPath, merged.BestPath);
        Assert.Equal(AnnealingAssert.Bits(whole.Rf0), AnnealingAssert.Bits(merged.Rf0));
        Assert.Equal(whole.Verdict!.Kind, merged.Verdict!.Kind);
        Assert.Equal(whole.Verdict.Explanation, merged.Verdict.Explanation);
    }

    [Fact]
    public void ShardsThatDoNotMakeUpTheRunAreRefused()
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 2, 4, 6, 8 });
        AnnealingOptions options = Options(plateau: false) with { BetaMax = 1, Paths = 2 };
        AnnealingShardResult first = PrecisionAnnealing.RunShard(problem, options, new AnnealingShard(0, 2));
        AnnealingShardResult second = PrecisionAnnealing.RunShard(problem, options, new AnnealingShard(1, 2));
        AnnealingShardResult otherSeed = PrecisionAnnealing.RunShard(problem, options with { Seed = 5 }, new AnnealingShard(1, 2));

        Assert.Contains("2/2 is missing", Refused(problem, options, first), StringComparison.Ordinal);
        Assert.Contains("given twice", Refused(problem, options, first, first), StringComparison.Ordinal);
        Assert.Contains("other data", Refused(problem, options, first, otherSeed), StringComparison.Ordinal);
        Assert.Contains("other data", Refused(problem, options with { Alpha = 1.7 }, first, second), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("shard", () => PrecisionAnnealing.RunShard(problem, options, new AnnealingShard(0, 3)));
        Assert.Throws<ArgumentOutOfRangeException>("index", () => new AnnealingShard(3, 3));
    }

    private static string Refused(AssimilationProblem<Lorenz96D10> problem, AnnealingOptions options, params AnnealingShardResult[] shards) =>
        Assert.Throws<ArgumentException>("shards", () => PrecisionAnnealing.Merge(problem, options, shards)).Message;

    private static AnnealingShardResult Reread(AnnealingShardResult shard)
    {
        var bytes = new MemoryStream();
        shard.WriteTo(bytes);
        bytes.Position = 0;
        return AnnealingShardResult.ReadFrom(bytes);
    }
}
