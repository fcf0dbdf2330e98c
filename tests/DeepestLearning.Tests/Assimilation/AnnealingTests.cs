using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using DeepestLearning.Cli;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Assimilation;

/// <summary>End-to-end annealing on a small Lorenz96: recovery, a flat lowest level, determinism across thread counts.</summary>
public class AnnealingTests
{
    private static TwinSettings Small(string outDir, int threads) => new()
    {
        ModelName = "Lorenz96",
        ParameterNames = new[] { "F" },
        TrueParameters = new[] { 8.17 },
        ParameterLower = new[] { 0.0 },
        ParameterUpper = new[] { 20.0 },
        StateLower = Enumerable.Repeat(-15.0, 10).ToArray(),
        StateUpper = Enumerable.Repeat(15.0, 10).ToArray(),
        Observed = new[] { 0, 1, 3, 5, 6, 8 }, // 6 of 10
        InitialState = r => Enumerable.Range(0, 10).Select(_ => 8.17 + (r.NextDouble() - 0.5)).ToArray(),
        Steps = 100,
        Dt = 0.025,
        Noise = 0.5,
        Rf0 = Enumerable.Repeat(4e-6, 10).ToArray(),
        BetaMax = 80,
        Paths = 3,
        Seed = 7,
        Threads = threads,
        OutDir = outDir,
        PredictionSteps = 20,
        Quiet = true,
    };

    [Fact]
    public void SmallLorenz96RecoversForcingAndLowestLevelFlattens()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dl-anneal-" + Guid.NewGuid().ToString("N"));
        TwinSummary summary = TwinRunner.Run<Lorenz96D10>(Small(dir, 2) with { ParameterUncertainty = true });

        Assert.InRange(summary.BestParameters[0], 8.17 * 0.98, 8.17 * 1.02);
        // Cramér–Rao spread at the estimate: finite, small, and the truth within 4σ of the estimate.
        double std = summary.ParameterStd![0];
        Assert.True(std > 0 && std < 0.2, $"σ(F) = {std}");
        Assert.True(Math.Abs(summary.BestParameters[0] - 8.17) < 4 * std, $"F = {summary.BestParameters[0]} ± {std}");
        // The same bound at the truth (the experiment's resolution) is close to the one at the estimate, and
        // TwinRunner.Design computes it without running the experiment.
        double design = summary.DesignStd![0];
        Assert.True(Math.Abs(design / std - 1) < 0.2, $"bound at truth {design}, at estimate {std}");
        Assert.Equal(design, TwinRunner.Design<Lorenz96D10>(Small(dir, 2)).StandardDeviation(0), 12);
        // The lowest level has settled: the change still to come, projected from the last three levels, is
        // below ½ (a one-σ move of any estimate), and the library's verdict agrees that the run is consistent.
        double[] lowest = summary.LowestActionPerBeta;
        double remaining = Plateau.RemainingChange(lowest, 1.5, 3);
        Assert.True(remaining <= 0.5, $"lowest level still moving: projected remaining change {remaining}");
        Assert.Equal(VerdictKind.Consistent, summary.Verdict!.Kind);
        // The consistent minimum sits at the χ² level of the noise.
        Assert.InRange(summary.BestMeasurementTerm, summary.ExpectedMeasurementTerm - 3 * summary.ExpectedMeasurementStd, summary.ExpectedMeasurementTerm + 3 * summary.ExpectedMeasurementStd);
        Assert.True(summary.RmseUnobserved < 0.5, $"unobserved RMSE {summary.RmseUnobserved}");
        foreach (string file in new[] { "summary.json", "levels.csv", "path.csv", "action-levels.png", "path.png" })
            Assert.True(new FileInfo(Path.Combine(dir, file)).Length > 100, file);
        Directory.Delete(dir, true);
    }

    /// <summary>
    /// The same annealing with each second-order minimizer ends on the same lowest level as with
    /// L-BFGS-B, recovers F, and the outputs say which minimizer ran.
    /// </summary>
    [Theory]
    [InlineData(MinimizerKind.Newton)]
    [InlineData(MinimizerKind.Ipopt)]
    public void AnnealingWithSecondOrderMinimizersReachesTheSameLevel(MinimizerKind kind)
    {
        string first = Path.Combine(Path.GetTempPath(), "dl-lbfgsb-" + Guid.NewGuid().ToString("N"));
        string second = Path.Combine(Path.GetTempPath(), "dl-" + kind + "-" + Guid.NewGuid().ToString("N"));
        TwinSummary quasiNewton = TwinRunner.Run<Lorenz96D10>(Small(first, 2) with { BetaMax = 40 });
        TwinSummary exact = TwinRunner.Run<Lorenz96D10>(Small(second, 2) with { BetaMax = 40, Minimizer = TwinSettings.HostMinimizer(kind) });

        Assert.Equal(kind.Name(), exact.Minimizer);
        Assert.True(exact.MinimizerTotals.HessianEvaluations > 0);
        Assert.InRange(exact.BestParameters[0], 8.17 * 0.98, 8.17 * 1.02);
        double relative = Math.Abs(exact.BestAction - quasiNewton.BestAction) / quasiNewton.BestAction;
        Assert.True(relative < 1e-4, $"{kind}: lowest level {exact.BestAction} vs L-BFGS-B {quasiNewton.BestAction}");
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(second, "summary.json")));
        Assert.Equal(kind.Name(), json.RootElement.GetProperty("minimizer").GetProperty("name").GetString());
        Assert.False(json.RootElement.GetProperty("minimizer").GetProperty("automatic").GetBoolean());
        Directory.Delete(first, true);
        Directory.Delete(second, true);
    }

    /// <summary>levels.csv names every column once, even when a parameter is called like a fixed column ("beta").</summary>
    [Fact]
    public void Levels_csv_columns_never_collide_with_parameter_names()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dl-columns-" + Guid.NewGuid().ToString("N"));
        TwinRunner.Run<Lorenz96D10>(Small(dir, 2) with { BetaMax = 3, ParameterNames = new[] { "beta" } });
        string[] header = File.ReadLines(Path.Combine(dir, "levels.csv")).First().Split(',');
        Assert.Equal(header.Length, header.Distinct().Count());
        Assert.Contains("param_beta", header);
        Directory.Delete(dir, true);
    }

    /// <summary>Without a prediction horizon there is no prediction RMSE: summary.json says null (it once threw on the NaN after a whole run).</summary>
    [Fact]
    public void A_run_without_prediction_writes_null_not_a_crash()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dl-nopredict-" + Guid.NewGuid().ToString("N"));
        TwinSummary summary = TwinRunner.Run<Lorenz96D10>(Small(dir, 2) with { BetaMax = 6, PredictionSteps = 0 });
        Assert.Null(summary.PredictionRmse);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("prediction").GetProperty("rmse").ValueKind);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void SameSeedGivesIdenticalSummaryWithOneAndTwoThreads()
    {
        string one = Path.Combine(Path.GetTempPath(), "dl-det1-" + Guid.NewGuid().ToString("N"));
        string two = Path.Combine(Path.GetTempPath(), "dl-det2-" + Guid.NewGuid().ToString("N"));
        TwinRunner.Run<Lorenz96D10>(Small(one, 1) with { BetaMax = 20 });
        TwinRunner.Run<Lorenz96D10>(Small(two, 2) with { BetaMax = 20 });
        string a = Normalize(File.ReadAllText(Path.Combine(one, "summary.json")));
        string b = Normalize(File.ReadAllText(Path.Combine(two, "summary.json")));
        Assert.Equal(a, b);
        Assert.Equal(File.ReadAllText(Path.Combine(one, "levels.csv")), File.ReadAllText(Path.Combine(two, "levels.csv")));
        Directory.Delete(one, true);
        Directory.Delete(two, true);
    }

    /// <summary>Drops the wall time, the only field allowed to differ.</summary>
    private static string Normalize(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var props = doc.RootElement.EnumerateObject().Where(p => p.Name != "seconds").Select(p => p.Name + "=" + p.Value.GetRawText());
        return string.Join("\n", props);
    }

    [Fact]
    public void BadAnnealingOptionsNameTheArgument()
    {
        var obs = new Observations(new[] { 0 }, new[] { 0 }, new[] { 1.0 });
        var problem = new AssimilationProblem<Lorenz96D5>(4, 0.01, Discretization.Trapezoid, obs, new[] { 1.0 },
            Enumerable.Repeat(-15.0, 5).ToArray(), Enumerable.Repeat(15.0, 5).ToArray(), new[] { 0.0 }, new[] { 20.0 });
        var error = Assert.Throws<ArgumentException>(() => PrecisionAnnealing.Run(problem, new AnnealingOptions { Rf0 = new double[3] }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("Rf0", error.Message);
        error = Assert.Throws<ArgumentException>(() => PrecisionAnnealing.Run(problem, AnnealingOptions.Uniform(5, 1.0) with { Alpha = 0.5 }));
        Assert.Contains("Alpha", error.Message);
    }

    [Fact]
    public void CancellationStopsTheRun()
    {
        var obs = new Observations(new[] { 0 }, new[] { 0 }, new[] { 1.0 });
        var problem = new AssimilationProblem<Lorenz96D5>(20, 0.01, Discretization.Trapezoid, obs, new[] { 1.0 },
            Enumerable.Repeat(-15.0, 5).ToArray(), Enumerable.Repeat(15.0, 5).ToArray(), new[] { 0.0 }, new[] { 20.0 });
        using var source = new System.Threading.CancellationTokenSource();
        source.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PrecisionAnnealing.Run(problem, AnnealingOptions.Uniform(5, 1e-3), cancellation: source.Token));
    }
}
