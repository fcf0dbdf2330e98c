using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using DeepestLearning.SampleModels;
using DeepestLearning.Cli;
using DeepestLearning.Samples;

namespace DeepestLearning.Benchmarks.Battery;

/// <summary>
/// The stress battery: the estimator with its defaults only, on experiments no default was tuned
/// on — the NaKL neuron under nine families of injected current (three realizations each, 6001
/// points, σ = 1 mV) and Lorenz96 with 5 and 4 of 10 and 12 of 20 components observed. Per case:
/// the Cramér–Rao bound at the truth (informative when every bound is ≤ 5 %), the measurement term
/// against χ², every parameter's error in units of its bound, the share of starts on the lowest
/// level, the verdict, and the wall time. Run: <c>dotnet run -c Release --project
/// tests/DeepestLearning.Benchmarks -- battery [--families a,b] [--seeds 1,2,3] [--only neuron|lorenz96|short] [--out DIR]</c>.
/// </summary>
public static class StressBattery
{
    public static int Run(string[] args)
    {
        var options = new BatteryOptions(args);
        string[] families = options.Optional("families")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? StimulusFamily.Names;
        int[] seeds = options.IntList("seeds", new[] { 1, 2, 3 });
        string only = options.String("only", "all");
        string outDir = options.String("out", "out/battery");
        int threads = options.Int("threads", Environment.ProcessorCount);
        options.RejectUnknown();
        Directory.CreateDirectory(outDir);

        var rows = new List<BatteryRow>();
        void Report(BatteryRow row)
        {
            rows.Add(row);
            Console.WriteLine(row.Line());
            File.WriteAllText(Path.Combine(outDir, "battery.md"), Table(rows));
            File.WriteAllText(Path.Combine(outDir, "battery.json"), JsonSerializer.Serialize(rows, JsonOptions));
        }

        Console.WriteLine(BatteryRow.Header());
        if (only is "all" or "lorenz96")
        {
            foreach (int seed in seeds)
            {
                Report(Lorenz96Case<Lorenz96D10>("L96 D=10, 5/10", new[] { 0, 2, 4, 6, 8 }, 0.01, 400, 1.0, seed, threads, outDir));
                Report(Lorenz96Case<Lorenz96D10>("L96 D=10, 4/10", new[] { 0, 3, 5, 8 }, 0.01, 160, 1.0, seed, threads, outDir));
                Report(Lorenz96Case<Lorenz96D20>("L96 D=20, 12/20", new[] { 0, 1, 3, 5, 6, 8, 10, 11, 13, 15, 16, 18 }, 0.025, 160, 0.5, seed, threads, outDir));
            }
        }
        // Every family once before any twice: a stopped battery has covered the breadth first.
        if (only is "all" or "neuron")
            foreach (int seed in seeds)
                foreach (string family in families)
                    Report(NeuronCase(family, seed, threads, outDir));
        // Short windows (20 ms, 1001 points) that cannot determine every parameter: the verdict must say so.
        if (only is "all" or "short")
            foreach (string family in new[] { "steps", "chirp" })
                foreach (int seed in seeds)
                    Report(NeuronCase(family, seed, threads, outDir, steps: 1000));

        Console.WriteLine();
        Console.WriteLine(Summary(rows));
        return 0;
    }

    /// <summary>
    /// battery.json: a bound is NaN where the Fisher information is singular (the case cannot determine
    /// the parameters at all); written as "NaN" rather than crashing the battery after its runs.
    /// </summary>
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>One neuron twin experiment with the sample's defaults under realization <paramref name="seed"/> of a current family (also the noise seed).</summary>
    public static BatteryRow NeuronCase(string family, int seed, int threads, string outDir, int steps = 6000)
    {
        const double dt = 0.02;
        const int predict = 0;
        double[] stimulus = StimulusFamily.Generate(family, seed, steps + predict + 1, steps + 1, dt);
        TwinSettings settings = NeuronExperiment.Settings(NaKLNeuron.ParameterNames, stimulus, steps, predict, dt,
            Path.Combine(outDir, $"neuron-{family}-{steps}-{seed}")) with { Seed = seed, Threads = threads, Quiet = true };
        return Case<NaKLNeuron>(steps == 6000 ? $"neuron {family}" : $"neuron {family} ({steps * dt:F0} ms)", seed, settings);
    }

    /// <summary>One Lorenz96 twin experiment with 16 starts and the sample's defaults.</summary>
    public static BatteryRow Lorenz96Case<TModel>(string name, int[] observed, double dt, int steps, double noise, int seed, int threads, string outDir)
        where TModel : IDynamicalModel<TModel>
    {
        TwinSettings settings = Lorenz96Experiment.Settings(TModel.StateCount, observed, dt, steps, noise, 16,
            Path.Combine(outDir, $"lorenz96-d{TModel.StateCount}-{observed.Length}of{TModel.StateCount}-{seed}")) with { Seed = seed, Threads = threads, Quiet = true };
        return Case<TModel>(name, seed, settings);
    }

    private static BatteryRow Case<TModel>(string name, int seed, TwinSettings settings) where TModel : IDynamicalModel<TModel>
    {
        FisherInformation design = TwinRunner.Design<TModel>(settings);
        double[] bound = design.ParameterStd();
        double[] relative = bound.Select((b, k) => b / Math.Abs(settings.TrueParameters[k])).ToArray();
        bool informative = design.Identifiable && relative.All(r => r <= AnnealingVerdict.DeterminedFraction);
        var watch = Stopwatch.StartNew();
        TwinSummary summary = TwinRunner.Run<TModel>(settings);
        double seconds = watch.Elapsed.TotalSeconds;
        double[] errorInBounds = summary.BestParameters.Select((p, k) => Math.Abs(p - settings.TrueParameters[k]) / bound[k]).ToArray();
        int worst = Array.IndexOf(errorInBounds, errorInBounds.Max());
        AnnealingVerdict verdict = summary.Verdict!;
        return new BatteryRow(name, seed, informative, relative.Max(), settings.ParameterNames[Array.IndexOf(relative, relative.Max())],
            summary.BestMeasurementTerm, summary.ExpectedMeasurementTerm, summary.ExpectedMeasurementStd, errorInBounds.Max(), settings.ParameterNames[worst],
            summary.BestParameters.Select((p, k) => Math.Abs(p - settings.TrueParameters[k]) / Math.Abs(settings.TrueParameters[k])).Max(),
            verdict.StartsAtLowest, verdict.Starts, verdict.Name, seconds, summary.LowestActionPerBeta.Length);
    }

    private static string Table(List<BatteryRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| case | seed | worst bound at truth | informative | measurement term (χ² ± sd) | worst error (in bounds) | worst error (%) | starts at lowest | verdict | levels | wall time |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (BatteryRow r in rows) text.AppendLine(r.MarkdownRow());
        text.AppendLine();
        text.AppendLine(Summary(rows));
        return text.ToString();
    }

    /// <summary>The acceptance read off the rows: informative cases consistent and within 4 bounds, non-informative ones labelled, starts on the lowest level, times.</summary>
    private static string Summary(List<BatteryRow> rows)
    {
        var neuron = rows.Where(r => r.Case.StartsWith("neuron", StringComparison.Ordinal)).ToList();
        var informative = neuron.Where(r => r.Informative).ToList();
        int consistent = informative.Count(r => r.Verdict == "consistent" && r.WorstErrorInBounds <= 4 && Math.Abs(r.MeasurementTerm - r.Expected) <= 3 * r.ExpectedStd);
        int labelled = neuron.Count(r => !r.Informative && r.Verdict == "information limit");
        double median = informative.Count == 0 ? double.NaN : informative.Select(r => r.Seconds).OrderBy(s => s).ElementAt(informative.Count / 2);
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"neuron: {consistent} of {informative.Count} informative cases consistent with every parameter within 4 bounds; {labelled} of {neuron.Count - informative.Count} non-informative cases labelled information limit; median informative wall time {median:F0} s"));
        foreach (var group in rows.Where(r => r.Case.StartsWith("L96", StringComparison.Ordinal)).GroupBy(r => r.Case))
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{group.Key}: {group.Sum(r => r.StartsAtLowest)} of {group.Sum(r => r.Starts)} starts at the lowest level ({string.Join(", ", group.Select(r => $"{r.StartsAtLowest}/{r.Starts}"))}), verdicts {string.Join(", ", group.Select(r => r.Verdict))}"));
        return text.ToString();
    }
}

/// <summary>One battery case's numbers.</summary>
public sealed record BatteryRow(string Case, int Seed, bool Informative, double WorstBound, string WorstBoundParameter, double MeasurementTerm, double Expected, double ExpectedStd,
    double WorstErrorInBounds, string WorstErrorParameter, double WorstRelativeError, int StartsAtLowest, int Starts, string Verdict, double Seconds, int Levels)
{
    public static string Header() => "case                  seed  bound    info  meas (χ²)                 worst err       starts  verdict            levels  time";

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Case,-21} {Seed,4}  {100 * WorstBound,5:F1} %  {(Informative ? "yes" : "no"),-4}  {MeasurementTerm,8:F1} ({Expected:F0} ± {ExpectedStd:F0})  {WorstErrorInBounds,5:F1}σ {WorstErrorParameter,-5} {StartsAtLowest,3}/{Starts,-3} {Verdict,-18} {Levels,4}  {Seconds,6:F0} s");

    public string MarkdownRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Case} | {Seed} | {100 * WorstBound:F1} % ({WorstBoundParameter}) | {(Informative ? "yes" : "no")} | {MeasurementTerm:F1} ({Expected:F0} ± {ExpectedStd:F0}) | {WorstErrorInBounds:F1} ({WorstErrorParameter}) | {100 * WorstRelativeError:F2} % | {StartsAtLowest} of {Starts} | {Verdict} | {Levels} | {Seconds:F0} s |");
}
