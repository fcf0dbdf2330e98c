using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

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
    public async Task AnInterruptedRunResumedEndsWithIdenticalOutputs()
    {
        string whole = HostFixture.TemporaryFolder(), split = HostFixture.TemporaryFolder();
        try
        {
            Assert.Equal(0, HostFixture.Run(Longer, whole).Code);

            using var stop = new CancellationTokenSource();
            string checkpoint = Path.Combine(split, "checkpoint.bin");
            Task watcher = Task.Run(() =>
            {
                // Interrupt once a few levels are on disk (where exactly depends on the machine's speed).
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        if (File.Exists(checkpoint) && AnnealingCheckpoint.Load(checkpoint).NextBeta >= 3) stop.Cancel();
                    }
                    catch (IOException)
                    {
                        // replaced while being read: look again
                    }
                    Thread.Sleep(2);
                }
            });
            (int interrupted, _, string error) = HostFixture.Run(Longer, split, cancellation: stop.Token);
            stop.Cancel();
            await watcher;
            Assert.True(interrupted == 130, $"the run was not interrupted (exit {interrupted}): {error}");
            Assert.True(File.Exists(checkpoint));
            Assert.False(File.Exists(Path.Combine(split, "summary.json")));
            int completed = AnnealingCheckpoint.Load(checkpoint).NextBeta;
            Assert.InRange(completed, 3, 16);

            (int resumed, _, string resumeError) = HostFixture.Run(Longer.Concat(new[] { "--resume", split }).ToArray(), split);
            Assert.True(resumed == 0, resumeError);
            Assert.False(File.Exists(checkpoint));
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "levels.csv")), File.ReadAllBytes(Path.Combine(split, "levels.csv")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "path.csv")), File.ReadAllBytes(Path.Combine(split, "path.csv")));
            Assert.Equal(WithoutTimings(Path.Combine(whole, "summary.json")), WithoutTimings(Path.Combine(split, "summary.json")));
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
            HostFixture.Run(new[] { "--seed", "7" }, dir, cancellation: CancelAfterFirstLevel(dir, stop));
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

    /// <summary>A token cancelled as soon as the first checkpoint exists in <paramref name="dir"/>.</summary>
    private static CancellationToken CancelAfterFirstLevel(string dir, CancellationTokenSource source)
    {
        string checkpoint = Path.Combine(dir, "checkpoint.bin");
        Task.Run(() =>
        {
            while (!source.IsCancellationRequested && !File.Exists(checkpoint)) Thread.Sleep(1);
            source.Cancel();
        });
        return source.Token;
    }

    /// <summary>summary.json without the lines that carry wall times.</summary>
    private static string[] WithoutTimings(string file) =>
        File.ReadAllLines(file).Where(line => !line.Contains("seconds", StringComparison.Ordinal) && !line.Contains("elapsed", StringComparison.OrdinalIgnoreCase)).ToArray();
}
