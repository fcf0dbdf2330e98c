using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DeepestLearning.Cli;
using DeepestLearning.SampleModels;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>
/// <c>--sample N</c> (issue 17, item 4): after the annealing the sampler's posterior goes into summary.json ("sampler"),
/// path.csv (sample_mean_a and sample_std_a after every other column) and sampler.png, and nothing else changes; without
/// the option (or with 0) the outputs are those of a run that never heard of it; bad values end with exit 2 and one line.
/// </summary>
public class SamplerHostTests
{
    [Fact]
    public void SampleWritesTheSamplerFieldsColumnsAndPlotAndChangesNothingElse()
    {
        string plain = HostFixture.TemporaryFolder(), sampled = HostFixture.TemporaryFolder();
        try
        {
            (int code, _, string error) = HostFixture.Run(Array.Empty<string>(), plain);
            Assert.True(code == 0, error);
            (code, _, error) = HostFixture.Run(new[] { "--sample", "40", "--sample-chains", "2" }, sampled);
            Assert.True(code == 0, error);
            Assert.Equal("", error);
            Assert.True(File.Exists(Path.Combine(sampled, "sampler.png")));
            Assert.True(new FileInfo(Path.Combine(sampled, "sampler.png")).Length > 1000);
            Assert.False(File.Exists(Path.Combine(plain, "sampler.png")));
            Assert.True(File.GetLastWriteTimeUtc(Path.Combine(sampled, "sampler.png")) <= File.GetLastWriteTimeUtc(Path.Combine(sampled, "summary.json")));

            using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(sampled, "summary.json")));
            JsonElement sampler = summary.RootElement.GetProperty("sampler");
            Assert.Equal(40, sampler.GetProperty("draws").GetInt32());
            Assert.Equal(2, sampler.GetProperty("chains").GetInt32());
            Assert.Equal(summary.RootElement.GetProperty("levels").EnumerateArray().Last().GetProperty("beta").GetInt32(), sampler.GetProperty("beta").GetInt32());
            Assert.InRange(sampler.GetProperty("acceptanceRate").GetDouble(), 0.0, 1.0);
            double maxRhat = sampler.GetProperty("maxRhat").GetDouble(), minEss = sampler.GetProperty("minEss").GetDouble();
            Assert.True(maxRhat > 0.5 && minEss > 0, $"max R̂ {maxRhat}, min ESS {minEss}");
            Assert.Equal(maxRhat <= 1.05 && minEss >= 100, sampler.GetProperty("converged").GetBoolean());
            Assert.Contains("R̂", sampler.GetProperty("convergenceRule").GetString(), StringComparison.Ordinal);
            double meanF = sampler.GetProperty("parameterMean")[0].GetDouble(), stdF = sampler.GetProperty("parameterStd")[0].GetDouble();
            Assert.InRange(meanF, 0.0, 20.0); // within F's bounds
            Assert.True(stdF > 0 && stdF < 20, $"sd of F {stdF}");
            Assert.True(sampler.GetProperty("parameterEss")[0].GetDouble() > 0);
            Assert.True(sampler.GetProperty("seconds").GetDouble() > 0);

            // path.csv: the default file's columns and values unchanged, then 2D sampler columns, empty in prediction rows.
            string[] plainLines = File.ReadAllLines(Path.Combine(plain, "path.csv"));
            string[] sampledLines = File.ReadAllLines(Path.Combine(sampled, "path.csv"));
            const int d = 10, steps = 40;
            Assert.Equal(plainLines.Length, sampledLines.Length);
            string[] header = sampledLines[0].Split(',');
            Assert.Equal(Enumerable.Range(0, d).Select(a => $"sample_mean_{a}").Concat(Enumerable.Range(0, d).Select(a => $"sample_std_{a}")), header[^(2 * d)..]);
            Assert.DoesNotContain("sample_", plainLines[0], StringComparison.Ordinal);
            var meanStd = new double[d];
            for (int row = 0; row < plainLines.Length; row++)
            {
                string[] cells = sampledLines[row].Split(',');
                Assert.Equal(plainLines[row], string.Join(',', cells[..^(2 * d)]));
                if (row == 0) continue;
                for (int a = 0; a < d; a++)
                {
                    string mean = cells[cells.Length - 2 * d + a], std = cells[cells.Length - d + a];
                    if (row - 1 > steps)
                    {
                        Assert.Equal("", mean);
                        Assert.Equal("", std);
                        continue;
                    }
                    double m = double.Parse(mean, CultureInfo.InvariantCulture), sd = double.Parse(std, CultureInfo.InvariantCulture);
                    Assert.InRange(m, -15.0, 15.0); // within the state bounds
                    Assert.True(sd > 0 && sd < 30, $"sample_std_{a} at row {row} = {sd}");
                    meanStd[a] += sd / (steps + 1);
                }
            }
            double[] written = sampler.GetProperty("meanStateStd").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int a = 0; a < d; a++) Assert.True(Math.Abs(written[a] - meanStd[a]) <= 1e-12 * meanStd[a], $"component {a}: summary {written[a]} against path.csv {meanStd[a]}");

            // summary.json: the sampled run's, without its "sampler" object, is the plain run's (timings aside).
            string[] plainSummary = HostFixture.WithoutTimings(Path.Combine(plain, "summary.json"));
            string[] sampledSummary = HostFixture.WithoutTimings(Path.Combine(sampled, "summary.json"));
            int start = Array.FindIndex(sampledSummary, line => line.Contains("\"sampler\"", StringComparison.Ordinal));
            int end = Array.FindIndex(sampledSummary, start, line => line == "  },");
            Assert.True(start > 0 && end > start);
            Assert.Equal(plainSummary, sampledSummary[..start].Concat(sampledSummary[(end + 1)..]).ToArray());
            foreach (string file in new[] { "levels.csv" })
                Assert.Equal(File.ReadAllText(Path.Combine(plain, file)), File.ReadAllText(Path.Combine(sampled, file)));
        }
        finally
        {
            Directory.Delete(plain, recursive: true);
            Directory.Delete(sampled, recursive: true);
        }
    }

    [Fact]
    public void SampleZeroIsTheDefaultAndLeavesEveryOutputAsItWas()
    {
        string plain = HostFixture.TemporaryFolder(), zero = HostFixture.TemporaryFolder();
        try
        {
            (int code, _, string error) = HostFixture.Run(new[] { "--beta-max", "2" }, plain);
            Assert.True(code == 0, error);
            (code, _, error) = HostFixture.Run(new[] { "--beta-max", "2", "--sample", "0", "--sample-chains", "3" }, zero);
            Assert.True(code == 0, error);
            Assert.Equal(HostFixture.WithoutTimings(Path.Combine(plain, "summary.json")), HostFixture.WithoutTimings(Path.Combine(zero, "summary.json")));
            Assert.DoesNotContain("sampler", File.ReadAllText(Path.Combine(zero, "summary.json")), StringComparison.Ordinal);
            foreach (string file in new[] { "path.csv", "levels.csv" })
                Assert.Equal(File.ReadAllBytes(Path.Combine(plain, file)), File.ReadAllBytes(Path.Combine(zero, file)));
            Assert.False(File.Exists(Path.Combine(zero, "sampler.png")));
            Assert.Equal(Directory.GetFiles(plain).Select(Path.GetFileName).Order(), Directory.GetFiles(zero).Select(Path.GetFileName).Order());
        }
        finally
        {
            Directory.Delete(plain, recursive: true);
            Directory.Delete(zero, recursive: true);
        }
    }

    [Fact]
    public void ASamplerFailureIsReportedInTheSummaryAndTheOtherOutputsAreWritten()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            // A target acceptance outside (0, 1): the sampler refuses it with an ArgumentException once the annealing is done.
            TwinSettings settings = HostFixture.Small(dir) with { Sampler = new HamiltonianSamplerOptions { TargetAcceptance = 1.5 } };
            var output = new StringWriter();
            var error = new StringWriter();
            int code = AssimilationApp.Run<Lorenz96D10>(new[] { "--sample", "20" }, settings, null, new CommandLineConsole(output, error));
            Assert.True(code == 0, error.ToString());
            foreach (string file in new[] { "summary.json", "levels.csv", "path.csv", "action-levels.png", "path.png" })
                Assert.True(File.Exists(Path.Combine(dir, file)), file);
            Assert.False(File.Exists(Path.Combine(dir, "sampler.png")));
            Assert.DoesNotContain("sample_", File.ReadLines(Path.Combine(dir, "path.csv")).First(), StringComparison.Ordinal);
            using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            JsonElement sampler = summary.RootElement.GetProperty("sampler");
            Assert.Equal(20, sampler.GetProperty("draws").GetInt32());
            string reason = sampler.GetProperty("error").GetString()!;
            Assert.Contains("TargetAcceptance", reason, StringComparison.Ordinal);
            Assert.DoesNotContain("(Parameter", reason, StringComparison.Ordinal);
            Assert.False(sampler.TryGetProperty("converged", out _));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--sample -1", "--sample")]
    [InlineData("--sample 2", "--sample")]
    [InlineData("--sample 100001", "--sample")]
    [InlineData("--sample x", "--sample")]
    [InlineData("--sample 1.5", "--sample")]
    [InlineData("--sample 100000 --sample-chains 64", "--sample")]
    [InlineData("--sample 10 --sample-chains 0", "--sample-chains")]
    [InlineData("--sample 10 --sample-chains 65", "--sample-chains")]
    [InlineData("--sample 10 --sample-chains -2", "--sample-chains")]
    public void BadSampleValuesGiveExitCodeTwoAndOneLineNamingTheOption(string args, string option)
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            string outDir = Path.Combine(dir, "out");
            (int code, _, string error) = HostFixture.Run(args.Split(' '), outDir);
            string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, code);
            Assert.Single(lines);
            Assert.Contains(option, lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(outDir, "summary.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
