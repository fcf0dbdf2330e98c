using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using DeepestLearning.Cli;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>NetworkApp: the same host for a [LayeredNetwork] — help, bad input, a tiny twin run and a run on a data file.</summary>
public class NetworkAppTests : IDisposable
{
    private readonly string _dir = HostFixture.TemporaryFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var defaults = new NetworkSettings { Name = "SigmoidNetwork", OutDir = Path.Combine(_dir, "out"), Pairs = 6, BetaMax = 3, Paths = 2, Threads = 1, Noise = 0.05, Quiet = true };
        int code = NetworkApp.Run<SigmoidNetwork>(args, defaults, new CommandLineConsole(output, error));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void HelpListsTheNetworkOptions()
    {
        (int code, string output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (string option in new[] { "--data", "--pairs", "--weight-bound", "--beta-max" }) Assert.Contains(option, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pairs 0", "--pairs")]
    [InlineData("--noise 0", "--noise")]
    [InlineData("--weight-bound -1", "--weight-bound")]
    [InlineData("--rf0 NaN", "--rf0")]
    [InlineData("--alpha 10 --beta-max 400", "--beta-max")]
    [InlineData("--data missing.txt", "--data")]
    [InlineData("--wieght-range 1", "--wieght-range")]
    [InlineData("--resume nowhere", "--resume")]
    public void BadInputIsOneLineNamingTheOption(string args, string option)
    {
        (int code, _, string error) = Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(option, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    /// <summary>
    /// A finished run leaves no checkpoint (only an interrupted one does), and --resume refuses, in one line, a folder
    /// whose checkpoint another run wrote.
    /// </summary>
    [Fact]
    public void ResumeNeedsACheckpointOfTheSameRun()
    {
        string outDir = Path.Combine(_dir, "out");
        (int code, _, string error) = Run("--seed=2");
        Assert.True(code == 0, error);
        Assert.False(File.Exists(Path.Combine(outDir, "checkpoint.bin")));

        var random = new Random(1);
        var pairs = new TrainingPairs(SigmoidNetwork.InputWidth, SigmoidNetwork.OutputWidth,
            Enumerable.Range(0, 4 * SigmoidNetwork.InputWidth).Select(_ => random.NextDouble()).ToArray(),
            Enumerable.Range(0, 4 * SigmoidNetwork.OutputWidth).Select(_ => random.NextDouble()).ToArray());
        NetworkAnnealing.Run<SigmoidNetwork>(pairs, 10, 10, new NetworkAnnealingOptions
        {
            BetaMax = 1, Paths = 2, Threads = 1, Checkpoint = checkpoint => checkpoint.Save(Path.Combine(outDir, "checkpoint.bin")),
        });
        (code, _, error) = Run("--seed=2", "--resume", outDir);
        Assert.Equal(2, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--resume", line, StringComparison.Ordinal);
        Assert.Contains("other data or options", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ATwinRunWritesItsOutputs()
    {
        (int code, _, string error) = Run("--seed=2");
        Assert.True(code == 0, error);
        foreach (string file in new[] { "summary.json", "levels.csv", "weights.csv", "action-levels.png" })
            Assert.True(File.Exists(Path.Combine(_dir, "out", file)), file);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "summary.json")));
        Assert.Equal("twin", summary.RootElement.GetProperty("data").GetString());
        Assert.Equal(JsonValueKind.Number, summary.RootElement.GetProperty("best").GetProperty("heldOutRmse").ValueKind);
    }

    [Fact]
    public void ARunOnADataFileReadsInputsThenTargets()
    {
        string file = Path.Combine(_dir, "pairs.csv");
        File.WriteAllLines(file, new[] { "in0,in1,in2,out0,out1" }.Concat(Enumerable.Range(0, 5).Select(k => $"{k * 0.1},{-k * 0.1},0.5,0.3,0.7")));
        (int code, _, string error) = Run("--data", file);
        Assert.True(code == 0, error);
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "summary.json")));
        Assert.Equal(5, summary.RootElement.GetProperty("pairs").GetInt32());
    }
}
