using System;
using System.IO;
using System.Linq;
using System.Threading;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Annealing;

/// <summary>
/// Long runs are resumable: a run cancelled at some level hands back its completed levels, and a
/// run resumed from them (through the binary checkpoint format) ends bit-identical to one never
/// interrupted; checkpoints are tied to their run and refuse corrupt files.
/// </summary>
public class CheckpointTests
{
    private static AnnealingOptions Options(MinimizerKind minimizer) => new()
    {
        Alpha = 1.6, BetaMax = 14, Paths = 3, Threads = 2, Seed = 4, Minimizer = minimizer.DefaultOptions(), StopAtPlateau = false,
    };

    [Theory]
    [InlineData(MinimizerKind.LbfgsB, 5)]
    [InlineData(MinimizerKind.Newton, 9)]
    public void ARunResumedAfterACancelEndsBitIdentical(MinimizerKind minimizer, int cancelAt)
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 2, 4, 6, 8 });
        AnnealingResult<Lorenz96D10> whole = PrecisionAnnealing.Run(problem, Options(minimizer));

        using var source = new CancellationTokenSource();
        var cancelled = Assert.Throws<AnnealingCanceledException>(() =>
            PrecisionAnnealing.Run(problem, Options(minimizer), new CancelAtLevel(cancelAt, source), source.Token));
        AnnealingCheckpoint partial = cancelled.Checkpoint;
        Assert.InRange(partial.NextBeta, cancelAt, cancelAt + 1); // the level in progress is dropped, or was just completed
        for (int b = 0; b < partial.NextBeta; b++) AnnealingAssert.SameLevel(whole.Levels[b], partial.Levels[b]);

        var bytes = new MemoryStream();
        partial.WriteTo(bytes);
        bytes.Position = 0;
        AnnealingCheckpoint reread = AnnealingCheckpoint.ReadFrom(bytes);
        AnnealingResult<Lorenz96D10> resumed = PrecisionAnnealing.Run(problem, Options(minimizer) with { ResumeFrom = reread, Threads = 1 });

        Assert.Equal(whole.Levels.Count, resumed.Levels.Count);
        for (int b = 0; b < whole.Levels.Count; b++) AnnealingAssert.SameLevel(whole.Levels[b], resumed.Levels[b]);
        for (int k = 0; k < whole.FinalPaths.Length; k++)
        {
            Assert.Equal(AnnealingAssert.Bits(whole.FinalPaths[k]), AnnealingAssert.Bits(resumed.FinalPaths[k]));
            Assert.Equal(AnnealingAssert.Bits(whole.VisitedBetas[k]), AnnealingAssert.Bits(resumed.VisitedBetas[k]));
        }
        Assert.Equal(whole.Stop, resumed.Stop);
        Assert.Equal(whole.BestPath, resumed.BestPath);
    }

    [Fact]
    public void TheCheckpointSinkWritesEveryLevelAtomicallyAndTheLastOneResumesToTheEnd()
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 2, 4, 6, 8 });
        string folder = Directory.CreateTempSubdirectory("dl-checkpoint-").FullName;
        try
        {
            string file = Path.Combine(folder, "run.checkpoint");
            int saved = 0;
            AnnealingResult<Lorenz96D10> whole = PrecisionAnnealing.Run(problem, Options(MinimizerKind.LbfgsB) with
            {
                Checkpoint = checkpoint =>
                {
                    checkpoint.Save(file);
                    saved++;
                },
            });
            Assert.Equal(whole.Levels.Count, saved);
            Assert.Equal(new[] { "run.checkpoint" }, Directory.GetFiles(folder).Select(Path.GetFileName)); // no temporary left behind
            AnnealingCheckpoint last = AnnealingCheckpoint.Load(file);
            Assert.Equal(whole.Levels.Count, last.NextBeta);
            AnnealingResult<Lorenz96D10> again = PrecisionAnnealing.Run(problem, Options(MinimizerKind.LbfgsB) with { ResumeFrom = last });
            Assert.Equal(whole.Levels.Count, again.Levels.Count);
            Assert.Equal(AnnealingAssert.Bits(whole.Best), AnnealingAssert.Bits(again.Best));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ACheckpointOfAnotherRunIsRefusedByName()
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 2, 4, 6, 8 });
        AnnealingCheckpoint? first = null;
        PrecisionAnnealing.Run(problem, Options(MinimizerKind.LbfgsB) with { BetaMax = 2, Checkpoint = c => first ??= c });
        Assert.NotNull(first);
        var error = Assert.Throws<ArgumentException>(() => PrecisionAnnealing.Run(problem, Options(MinimizerKind.LbfgsB) with { BetaMax = 2, Seed = 5, ResumeFrom = first }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("ResumeFrom", error.Message);
    }

    [Fact]
    public void ATruncatedOrForeignFileIsInvalidData()
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 2, 4, 6, 8 });
        AnnealingCheckpoint? first = null;
        PrecisionAnnealing.Run(problem, Options(MinimizerKind.LbfgsB) with { BetaMax = 1, Checkpoint = c => first ??= c });
        var bytes = new MemoryStream();
        first!.WriteTo(bytes);
        byte[] all = bytes.ToArray();
        Assert.Throws<InvalidDataException>(() => AnnealingCheckpoint.ReadFrom(new MemoryStream(all[..(all.Length / 2)])));
        Assert.Throws<InvalidDataException>(() => AnnealingCheckpoint.ReadFrom(new MemoryStream(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })));
    }
}
