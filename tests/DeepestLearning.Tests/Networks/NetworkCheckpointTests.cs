using System;
using System.IO;
using System.Threading;
using DeepestLearning.Tests.Annealing;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Networks;

/// <summary>
/// Network annealing is resumable like model annealing: a run cancelled at a level, resumed from its checkpoint
/// (through the binary format, on one thread), ends bit-identical to the run never interrupted; a checkpoint of other
/// pairs or options is refused.
/// </summary>
public class NetworkCheckpointTests
{
    private static TrainingPairs Pairs()
    {
        var random = new Random(8);
        return new TrainingPairs(SigmoidNetwork.InputWidth, SigmoidNetwork.OutputWidth,
            ModelPoint.Uniform(random, 12 * SigmoidNetwork.InputWidth, -1, 1), ModelPoint.Uniform(random, 12 * SigmoidNetwork.OutputWidth, 0, 1));
    }

    private static NetworkAnnealingOptions Options() => new() { Rf0 = 1e-2, Alpha = 2, BetaMax = 12, Paths = 3, Threads = 2, Seed = 5, StopAtPlateau = false };

    [Fact]
    public void ANetworkRunResumedAfterACancelEndsBitIdentical()
    {
        TrainingPairs pairs = Pairs();
        NetworkAnnealingResult<SigmoidNetwork> whole = NetworkAnnealing.Run<SigmoidNetwork>(pairs, 100, 100, Options());

        using var source = new CancellationTokenSource();
        var cancelled = Assert.Throws<AnnealingCanceledException>(() =>
            NetworkAnnealing.Run<SigmoidNetwork>(pairs, 100, 100, Options(), new CancelAtLevel(6, source), source.Token));
        AnnealingCheckpoint partial = cancelled.Checkpoint;
        Assert.InRange(partial.NextBeta, 6, 7);

        var bytes = new MemoryStream();
        partial.WriteTo(bytes);
        bytes.Position = 0;
        AnnealingCheckpoint reread = AnnealingCheckpoint.ReadFrom(bytes);
        var reported = new LowestReportedLevel();
        NetworkAnnealingResult<SigmoidNetwork> resumed = NetworkAnnealing.Run<SigmoidNetwork>(pairs, 100, 100, Options() with { ResumeFrom = reread, Threads = 1 }, reported);
        Assert.Equal(partial.NextBeta, reported.Lowest); // it continued where the checkpoint ended, not from β = 0

        Assert.Equal(whole.Levels.Length, resumed.Levels.Length);
        for (int b = 0; b < whole.Levels.Length; b++) AnnealingAssert.SameLevel(whole.Levels[b], resumed.Levels[b]);
        for (int k = 0; k < whole.FinalPaths.Length; k++) Assert.Equal(AnnealingAssert.Bits(whole.FinalPaths[k]), AnnealingAssert.Bits(resumed.FinalPaths[k]));
        Assert.Equal(whole.BestPath, resumed.BestPath);

        // Another seed is another run: its checkpoint is refused, by name.
        var error = Assert.Throws<ArgumentException>(() => NetworkAnnealing.Run<SigmoidNetwork>(pairs, 100, 100, Options() with { ResumeFrom = reread, Seed = 6 }));
        Assert.Equal("options", error.ParamName);
        Assert.StartsWith("ResumeFrom", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The lowest β any start reported finishing.</summary>
    private sealed class LowestReportedLevel : IProgress<AnnealingProgress>
    {
        public int Lowest { get; private set; } = int.MaxValue;

        public void Report(AnnealingProgress value)
        {
            lock (this) Lowest = Math.Min(Lowest, value.Beta);
        }
    }

    [Fact]
    public void EveryCompletedLevelReachesTheCheckpointSink()
    {
        int saved = 0;
        NetworkAnnealingResult<SigmoidNetwork> result = NetworkAnnealing.Run<SigmoidNetwork>(Pairs(), 100, 100, Options() with { Checkpoint = c => saved = c.NextBeta });
        Assert.Equal(result.Levels.Length, saved);
    }
}
