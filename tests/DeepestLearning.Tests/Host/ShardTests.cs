using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DeepestLearning.Cli;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>
/// Shards on the command line (issue 13, item 4): one run against the same run split with
/// <c>--shard K/3</c> into three separate invocations and combined with <c>--merge</c> — levels.csv,
/// path.csv, summary.json (timings aside) and the plots are byte-identical, with the stop at β_max and with a
/// plateau stop that only the merge can place; bad shard and merge values end with exit 2 and one line naming the option.
/// </summary>
public class ShardTests
{
    public static TheoryData<string[]> Runs => new()
    {
        { new[] { "--paths", "5", "--stop", "beta-max" } },
        // Settles on a plateau well before β_max = 20: the shards run on to 20 and the merge cuts them back.
        { new[] { "--paths", "5", "--rf0", "10", "--alpha", "2", "--beta-max", "20" } },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void ThreeShardsMergedWriteTheOutputsOfOneRun(string[] run)
    {
        string root = HostFixture.TemporaryFolder();
        try
        {
            string whole = Path.Combine(root, "whole"), merged = Path.Combine(root, "merged");
            string[] shards = Enumerable.Range(1, 3).Select(k => Path.Combine(root, $"shard-{k}")).ToArray();
            (int code, _, string error) = HostFixture.Run(run, whole);
            Assert.True(code == 0, error);
            bool plateau = !run.Contains("beta-max");
            if (plateau) Assert.Contains("\"stop\": \"plateau\"", File.ReadAllText(Path.Combine(whole, "summary.json")), StringComparison.Ordinal);

            for (int k = 1; k <= 3; k++)
            {
                (code, string output, error) = HostFixture.Run(run.Concat(new[] { "--shard", $"{k}/3" }).ToArray(), shards[k - 1]);
                Assert.True(code == 0, error);
                Assert.Contains($"shard {k}/3", output, StringComparison.Ordinal);
                Assert.True(File.Exists(Path.Combine(shards[k - 1], "shard.bin")));
                Assert.False(File.Exists(Path.Combine(shards[k - 1], "summary.json")));
            }
            (code, _, error) = HostFixture.Run(run.Concat(new[] { "--merge", $"{shards[2]},{shards[0]},{shards[1]}", "--threads", "2" }).ToArray(), merged);
            Assert.True(code == 0, error);

            foreach (string file in new[] { "levels.csv", "path.csv", "action-levels.png", "path.png" })
                Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(merged, file))), $"{file} differs");
            Assert.Equal(HostFixture.WithoutTimings(Path.Combine(whole, "summary.json")), HostFixture.WithoutTimings(Path.Combine(merged, "summary.json")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void BadShardsAndMergesNameTheirOption()
    {
        string root = HostFixture.TemporaryFolder();
        try
        {
            string out1 = Path.Combine(root, "1"), out2 = Path.Combine(root, "2"), other = Path.Combine(root, "other"), empty = Path.Combine(root, "empty");
            Directory.CreateDirectory(empty);
            AssertRefused("shard", new[] { "--shard", "4/3" }, root);
            AssertRefused("shard", new[] { "--shard", "0/3" }, root);
            AssertRefused("shard", new[] { "--shard", "two/3" }, root);
            AssertRefused("shard", new[] { "--shard", "3/3" }, root); // the fixture has two starts: a third part would be empty
            AssertRefused("merge", new[] { "--shard", "1/2", "--merge", out1 }, root);
            AssertRefused("merge", new[] { "--merge", Path.Combine(root, "absent") }, root);
            AssertRefused("merge", new[] { "--merge", empty }, root);

            Assert.Equal(0, HostFixture.Run(new[] { "--shard", "1/2" }, out1).Code);
            Assert.Equal(0, HostFixture.Run(new[] { "--shard", "2/2" }, out2).Code);
            Assert.Equal(0, HostFixture.Run(new[] { "--shard", "2/2", "--seed", "7" }, other).Code);
            AssertRefused("merge", new[] { "--merge", out1 }, root); // shard 2/2 is missing
            AssertRefused("merge", new[] { "--merge", $"{out1},{out1}" }, root);
            AssertRefused("merge", new[] { "--merge", $"{out1},{other}" }, root); // a shard of another run (seed 7)
            AssertRefused("merge", new[] { "--merge", $"{out1},{out2}", "--noise", "0.4" }, root); // merged with other options
            Assert.Equal(0, HostFixture.Run(new[] { "--merge", $"{out1},{out2}" }, Path.Combine(root, "merged")).Code);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AutoReadsTheIndexTheSchedulerGave()
    {
        AnnealingShard Parse(string text, params (string Name, string Value)[] variables)
        {
            Dictionary<string, string> environment = variables.ToDictionary(v => v.Name, v => v.Value);
            return ShardArgument.Parse(text, name => environment.GetValueOrDefault(name));
        }

        Assert.Equal(new AnnealingShard(1, 3), Parse("2/3"));
        Assert.Equal(new AnnealingShard(0, 3), Parse("auto/3", ("JOB_COMPLETION_INDEX", "0")));
        Assert.Equal(new AnnealingShard(2, 3), Parse("auto/3", ("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_MIN", "1")));
        Assert.Equal(new AnnealingShard(2, 3), Parse("auto/3", ("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "0")));
        Assert.Equal("shard", Assert.Throws<CommandLineException>(() => Parse("auto/3")).Option);
        Assert.Contains("from 1 to 3", Assert.Throws<CommandLineException>(() => Parse("auto/3", ("JOB_COMPLETION_INDEX", "3"))).Message, StringComparison.Ordinal);
        Assert.Equal("shard", Assert.Throws<CommandLineException>(() => Parse("auto/3", ("SLURM_ARRAY_TASK_ID", "x"))).Option);
    }

    private static void AssertRefused(string option, string[] args, string root)
    {
        (int code, _, string error) = HostFixture.Run(args, Path.Combine(root, "refused"));
        Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}, {error}");
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--" + option, error, StringComparison.Ordinal);
    }

}
