using System;
using System.IO;
using System.Linq;
using System.Threading;
using DeepestLearning.Cli;
using DeepestLearning.Tests.Models;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Host;

/// <summary>A small Lorenz96 (D = 10, 41 points) run in-process through the host's entry point, with its output captured.</summary>
internal static class HostFixture
{
    public static TwinSettings Small(string outDir) => new()
    {
        ModelName = "Lorenz96",
        ParameterNames = new[] { "F" },
        TrueParameters = new[] { 8.17 },
        ParameterLower = new[] { 0.0 },
        ParameterUpper = new[] { 20.0 },
        StateLower = Enumerable.Repeat(-15.0, 10).ToArray(),
        StateUpper = Enumerable.Repeat(15.0, 10).ToArray(),
        Observed = new[] { 0, 2, 4, 6, 8 },
        InitialState = r => Enumerable.Range(0, 10).Select(_ => 8.17 + (r.NextDouble() - 0.5)).ToArray(),
        SpinUpSteps = 200,
        Steps = 40,
        Dt = 0.025,
        Noise = 0.5,
        Rf0 = Enumerable.Repeat(1e-2, 10).ToArray(),
        BetaMax = 3,
        Paths = 2,
        Threads = 1,
        OutDir = outDir,
        PredictionSteps = 10,
        Quiet = true,
    };

    /// <summary>Runs the host; returns its exit code and what it wrote to standard output and standard error.</summary>
    public static (int Code, string Output, string Error) Run(string[] args, string outDir, AssimilationExtension? extension = null, CancellationToken cancellation = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = AssimilationApp.Run<Lorenz96D10>(args, Small(outDir), extension, new CommandLineConsole(output, error), cancellation);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>summary.json without the lines that carry wall times (the only lines two runs of one setup may differ in).</summary>
    public static string[] WithoutTimings(string file) =>
        File.ReadAllLines(file).Where(line => !line.Contains("seconds", StringComparison.Ordinal) && !line.Contains("elapsed", StringComparison.OrdinalIgnoreCase)).ToArray();

    public static string TemporaryFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dl-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
