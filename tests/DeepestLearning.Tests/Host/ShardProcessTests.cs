using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>
/// Shards as the cluster runs them: the Lorenz96 sample started with <c>dotnet</c> once for the whole
/// run, once per shard and once for the merge, each a process of its own — the merged levels.csv,
/// path.csv and summary.json (timings aside) equal the single process's byte for byte.
/// </summary>
public class ShardProcessTests
{
    private static readonly string[] SmallRun =
    {
        "--states", "10", "--observed", "0,2,4,6,8", "--steps", "40", "--predict", "10", "--rf0", "0.01", "--beta-max", "3", "--paths", "3", "--threads", "1",
    };

    [Fact]
    public void ThreeShardProcessesMergedEqualOneProcess()
    {
        string root = HostFixture.TemporaryFolder();
        try
        {
            string whole = Path.Combine(root, "whole"), merged = Path.Combine(root, "merged");
            Lorenz96(SmallRun.Concat(new[] { "--out", whole }));
            for (int k = 1; k <= 3; k++) Lorenz96(SmallRun.Concat(new[] { "--shard", $"{k}/3", "--out", Path.Combine(root, $"shard-{k}") }));
            string shards = string.Join(',', Enumerable.Range(1, 3).Select(k => Path.Combine(root, $"shard-{k}")));
            Lorenz96(SmallRun.Concat(new[] { "--merge", shards, "--out", merged }));

            foreach (string file in new[] { "levels.csv", "path.csv" })
                Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(merged, file))), $"{file} differs");
            Assert.Equal(HostFixture.WithoutTimings(Path.Combine(whole, "summary.json")), HostFixture.WithoutTimings(Path.Combine(merged, "summary.json")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Runs the Lorenz96 sample (built with this test project) in a process of its own; it must exit with 0.</summary>
    private static void Lorenz96(System.Collections.Generic.IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SampleAssembly());
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // A scheduler's index in the test's environment must not choose a shard: these runs name theirs.
        start.Environment.Remove("JOB_COMPLETION_INDEX");
        start.Environment.Remove("SLURM_ARRAY_TASK_ID");
        using Process process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the sample did not finish within two minutes");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {error} {output.Result}");
    }

    /// <summary>samples/Lorenz96's assembly in the configuration and framework of this test run (the test project builds it first).</summary>
    private static string SampleAssembly()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = folder.Name, configuration = folder.Parent!.Name;
        DirectoryInfo? root = folder;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DeepestLearning.Codegen.sln"))) root = root.Parent;
        Assert.NotNull(root);
        string assembly = Path.Combine(root.FullName, "samples", "Lorenz96", "bin", configuration, framework, "Lorenz96.dll");
        Assert.True(File.Exists(assembly), $"{assembly} is not built");
        return assembly;
    }

}
