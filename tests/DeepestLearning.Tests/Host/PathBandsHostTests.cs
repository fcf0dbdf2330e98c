using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>
/// The host's error bands: path.csv carries std_a after the existing columns (empty in prediction rows),
/// summary.json says which formulation they came from and how often the twin truth lies within ±2σ, and
/// the two files agree.
/// </summary>
public class PathBandsHostTests
{
    [Fact]
    public void PathCsvAndSummaryCarryTheBandsAndAgree()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            (int code, _, string error) = HostFixture.Run(new[] { "--beta-max", "20" }, dir);
            Assert.True(code == 0, error);
            string[] lines = File.ReadAllLines(Path.Combine(dir, "path.csv"));
            string[] header = lines[0].Split(',');
            const int d = 10, steps = 40, predicted = 10;
            // The existing columns keep their places: time, phase, estimates, truths, data (5 observed); then the bands.
            Assert.Equal(2 + 2 * d + 5 + d, header.Length);
            Assert.Equal("data_8", header[2 + 2 * d + 4]);
            Assert.Equal(Enumerable.Range(0, d).Select(a => $"std_{a}"), header[^d..]);
            Assert.Equal(steps + predicted + 2, lines.Length);

            var mean = new double[d];
            for (int n = 0; n <= steps + predicted; n++)
            {
                string[] cells = lines[n + 1].Split(',');
                for (int a = 0; a < d; a++)
                {
                    string cell = cells[cells.Length - d + a];
                    if (n > steps)
                    {
                        Assert.Equal("", cell); // prediction rows have no band
                        continue;
                    }
                    double std = double.Parse(cell, CultureInfo.InvariantCulture);
                    Assert.True(std > 0 && std < 15, $"std_{a} at row {n} = {std}");
                    mean[a] += std / (steps + 1);
                }
            }

            using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            JsonElement marginals = summary.RootElement.GetProperty("marginals");
            Assert.Contains(marginals.GetProperty("formulation").GetString(), new[] { "weakConstraint", "strongConstraint", "lowerPrecision" });
            Assert.False(string.IsNullOrEmpty(marginals.GetProperty("explanation").GetString()));
            double[] meanStd = marginals.GetProperty("meanStateStd").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int a = 0; a < d; a++) Assert.True(Math.Abs(meanStd[a] - mean[a]) <= 1e-12 * mean[a], $"component {a}: summary {meanStd[a]} against path.csv {mean[a]}");
            Assert.True(marginals.GetProperty("parameterStd")[0].GetDouble() > 0);
            JsonElement coverage = marginals.GetProperty("truthWithinTwoSigma");
            Assert.InRange(coverage.GetProperty("observed").GetDouble(), 0.0, 1.0);
            Assert.InRange(coverage.GetProperty("unobserved").GetDouble(), 0.0, 1.0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
