using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using DeepestLearning.Cli;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Host;

/// <summary>
/// The host end to end: --help, both value syntaxes, and the outcome files — summary.json only from a
/// finished run and written last, interrupted.json or failed.json (with the completed levels) otherwise,
/// and no file of an earlier run left to pass for this one's (issue 14, item 4).
/// </summary>
public class HostRunTests
{
    [Fact]
    public void HelpListsTheOptionsWithTheirDefaults()
    {
        (int code, string output, string error) = HostFixture.Run(new[] { "--help" }, "unused");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (string option in new[] { "--observed", "--data", "--steps", "--rf0", "--beta-max", "--minimizer", "--predict", "--out" })
            Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains("[default: 40]", output, StringComparison.Ordinal); // --steps of the fixture
    }

    [Fact]
    public void AFinishedRunWritesEveryOutputAndSummaryLast()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            File.WriteAllText(Path.Combine(dir, "interrupted.json"), "{}"); // an earlier run's outcome
            (int code, _, string error) = HostFixture.Run(new[] { "--paths=2", "--beta-max", "2", "--seed=3" }, dir);
            Assert.True(code == 0, error);
            Assert.Equal("", error);
            foreach (string file in new[] { "summary.json", "levels.csv", "path.csv", "action-levels.png", "path.png" })
                Assert.True(File.Exists(Path.Combine(dir, file)), file);
            Assert.False(File.Exists(Path.Combine(dir, "interrupted.json")));
            Assert.Empty(Directory.GetFiles(dir, "*.partial*")); // no temporary file survives its rename
            DateTime summaryWritten = File.GetLastWriteTimeUtc(Path.Combine(dir, "summary.json"));
            foreach (string file in new[] { "levels.csv", "path.csv", "action-levels.png", "path.png" })
                Assert.True(File.GetLastWriteTimeUtc(Path.Combine(dir, file)) <= summaryWritten, file);
            using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            Assert.Equal(3, summary.RootElement.GetProperty("annealing").GetProperty("seed").GetInt32());
            Assert.Equal(2, summary.RootElement.GetProperty("annealing").GetProperty("paths").GetInt32());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void WithoutAPredictionTheRmseIsNullWithItsReason()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            (int code, _, string error) = HostFixture.Run(new[] { "--predict", "0", "--beta-max", "1" }, dir);
            Assert.True(code == 0, error);
            using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            JsonElement prediction = summary.RootElement.GetProperty("prediction");
            Assert.Equal(JsonValueKind.Null, prediction.GetProperty("rmse").ValueKind);
            Assert.Contains("--predict 0", prediction.GetProperty("rmseNullReason").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AnInterruptedRunWritesInterruptedJsonAndRemovesTheEarlierSummary()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            File.WriteAllText(Path.Combine(dir, "summary.json"), "{\"from\": \"an earlier run\"}");
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            (int code, _, string error) = HostFixture.Run(Array.Empty<string>(), dir, cancellation: cancelled.Token);
            Assert.Equal(130, code);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("interrupted", error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
            using JsonDocument interrupted = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "interrupted.json")));
            Assert.False(interrupted.RootElement.GetProperty("finished").GetBoolean());
            Assert.Equal(0, interrupted.RootElement.GetProperty("completedLevels").GetInt32());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AFailedRunWritesFailedJsonWithItsCompletedLevelsAndNoSummary()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            (int code, _, string error) = HostFixture.Run(new[] { "--beta-max", "2" }, dir, new FailingOutputs());
            Assert.Equal(1, code);
            string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("disk full", line, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
            using JsonDocument failed = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "failed.json")));
            Assert.Equal(3, failed.RootElement.GetProperty("completedLevels").GetInt32());
            Assert.Equal(2, failed.RootElement.GetProperty("levels")[2].GetProperty("actions").GetArrayLength());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The host's twin data, data files and plots are state components, so a model that measures through a
    /// [Measurement] function is refused before any work, in one line naming --observed — never run against component data.
    /// </summary>
    [Fact]
    public void AModelWithAMeasurementFunctionIsRefusedInOneLine()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            var error = new StringWriter();
            TwinSettings sensed = HostFixture.Small(dir) with
            {
                ModelName = "SensedLorenz96",
                ParameterNames = new[] { "F", "gain" },
                TrueParameters = new[] { 8.17, 1.0 },
                ParameterLower = new[] { 0.0, 0.5 },
                ParameterUpper = new[] { 20.0, 2.0 },
                StateLower = Enumerable.Repeat(-15.0, 6).ToArray(),
                StateUpper = Enumerable.Repeat(15.0, 6).ToArray(),
                Observed = new[] { 0 },
                Rf0 = null,
            };
            int code = AssimilationApp.Run<Models.SensedLorenz96>(Array.Empty<string>(), sensed, null, new CommandLineConsole(new StringWriter(), error));
            Assert.Equal(2, code);
            string line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("--observed", line, StringComparison.Ordinal);
            Assert.Contains("[Measurement]", line, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void AModelWithStimulusInputsRequiresAStimulus()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            var error = new StringWriter();
            TwinSettings neuron = HostFixture.Small(dir) with
            {
                ModelName = "NaKL",
                ParameterNames = Enumerable.Range(0, 19).Select(k => $"p{k}").ToArray(),
                TrueParameters = new double[19],
                ParameterLower = new double[19],
                ParameterUpper = Enumerable.Repeat(1.0, 19).ToArray(),
                StateLower = new double[4],
                StateUpper = Enumerable.Repeat(1.0, 4).ToArray(),
                Observed = new[] { 0 },
                Rf0 = null,
            };
            int code = AssimilationApp.Run<SampleModels.NaKLNeuron>(Array.Empty<string>(), neuron, null, new CommandLineConsole(new StringWriter(), error));
            Assert.Equal(2, code);
            Assert.Contains("--stimulus", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>An extra output that fails after the annealing, before summary.json.</summary>
    private sealed class FailingOutputs : AssimilationExtension
    {
        public override TwinSettings Configure(TwinSettings settings, CommandLineValues values) =>
            settings with { ExtraOutputs = _ => throw new IOException("disk full") };
    }
}
