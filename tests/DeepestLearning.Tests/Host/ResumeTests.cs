using System;
using System.IO;
using System.Linq;
using System.Threading;
using DeepestLearning.Cli;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Host;

/// <summary>
/// Kill and resume (issue 14, item 5): a run interrupted after some level and continued with
/// <c>--resume DIR</c> writes the same levels.csv, path.csv and summary.json (timings aside) as a run
/// never interrupted; the checkpoint disappears once the run is finished; --resume refuses a folder
/// without a checkpoint and a checkpoint of other options, with exit 2 and one line naming it.
/// </summary>
public class ResumeTests
{
    private static readonly string[] Longer = { "--steps", "400", "--beta-max", "16", "--stop", "beta-max", "--threads", "2" };

    [Fact]
    public void AnInterruptedRunResumedEndsWithIdenticalOutputs()
    {
        string whole = HostFixture.TemporaryFolder(), split = HostFixture.TemporaryFolder();
        try
        {
            Assert.Equal(0, HostFixture.Run(Longer, whole).Code);

            // Interrupt deterministically: the progress report of a start finishing level 4 cancels the run,
            // which stops within one minimization iteration (the other start may be mid-level).
            using var stop = new CancellationTokenSource();
            string checkpoint = Path.Combine(split, "checkpoint.bin");
            TwinSettings same = HostFixture.Small(split) with { Steps = 400, BetaMax = 16, StopAtPlateau = false, Threads = 2 };
            Assert.ThrowsAny<OperationCanceledException>(() => TwinRunner.Run<Lorenz96D10>(same, stop.Token, new CancelAtLevel(4, stop)));
            Assert.True(File.Exists(checkpoint));
            Assert.False(File.Exists(Path.Combine(split, "summary.json")));
            int completed = AnnealingCheckpoint.Load(checkpoint).NextBeta;
            Assert.InRange(completed, 4, 5);

            (int resumed, _, string resumeError) = HostFixture.Run(Longer.Concat(new[] { "--resume", split }).ToArray(), split);
            Assert.True(resumed == 0, resumeError);
            Assert.False(File.Exists(checkpoint));
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "levels.csv")), File.ReadAllBytes(Path.Combine(split, "levels.csv")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "path.csv")), File.ReadAllBytes(Path.Combine(split, "path.csv")));
            Assert.Equal(HostFixture.WithoutTimings(Path.Combine(whole, "summary.json")), HostFixture.WithoutTimings(Path.Combine(split, "summary.json")));
        }
        finally
        {
            Directory.Delete(whole, recursive: true);
            Directory.Delete(split, recursive: true);
        }
    }

    [Fact]
    public void ResumeNeedsACheckpointOfTheSameRun()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            (int code, _, string error) = HostFixture.Run(new[] { "--resume", dir }, dir);
            Assert.Equal(2, code);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("--resume", error, StringComparison.Ordinal);

            // A checkpoint left by a run with another seed does not continue this one.
            using var stop = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() =>
                TwinRunner.Run<Lorenz96D10>(HostFixture.Small(dir) with { Seed = 7 }, stop.Token, new CancelAtLevel(1, stop)));
            Assert.True(File.Exists(Path.Combine(dir, "checkpoint.bin")));
            (code, _, error) = HostFixture.Run(new[] { "--resume", dir }, dir);
            Assert.Equal(2, code);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("--resume", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
