using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using DeepestLearning.Cli;
using DeepestLearning;
using DeepestLearning.Samples;

namespace DeepNetworkSample;

/// <summary>summary.json, results.csv and levels.csv of an experiment (invariant culture, round-trip numbers).</summary>
public static class ExperimentOutput
{
    /// <summary>Per-method totals and every start of one comparison, as a JSON object.</summary>
    public static void WriteComparison(Utf8JsonWriter json, Comparison c, Func<StartOutcome, double>? accuracy = null)
    {
        json.WriteString("network", c.Network);
        json.WriteNumber("weights", c.WeightCount);
        json.WriteNumber("lowestTrainingLoss", c.LowestLoss);
        json.WriteStartObject("methods");
        foreach (string method in Comparison.Methods)
        {
            StartOutcome best = c.Best(method);
            var mine = c.Outcomes.Where(o => o.Method == method).ToList();
            json.WriteStartObject(method);
            json.WriteNumber("seconds", c.Seconds[method]);
            json.WriteNumber("bestTrainingLoss", best.TrainingLoss);
            json.WriteNumber("heldOutRmseOfBest", best.HeldOutRmse);
            json.WriteNumber("medianHeldOutRmse", Median(mine.Select(o => o.HeldOutRmse)));
            json.WriteNumber("fractionAtLowest", c.FractionAtLowest(method));
            if (accuracy is not null)
            {
                json.WriteNumber("heldOutAccuracyOfBest", accuracy(best));
                json.WriteNumber("medianHeldOutAccuracy", Median(mine.Select(accuracy)));
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartArray("starts");
        foreach (StartOutcome o in c.Outcomes)
        {
            json.WriteStartObject();
            json.WriteString("method", o.Method);
            json.WriteNumber("start", o.Start);
            json.WriteNumber("trainingLoss", o.TrainingLoss);
            json.WriteNumber("heldOutRmse", o.HeldOutRmse);
            if (accuracy is not null) json.WriteNumber("heldOutAccuracy", accuracy(o));
            json.WriteNumber("iterations", o.Iterations);
            json.WriteNumber("evaluations", o.Evaluations);
            json.WriteString("exit", o.Exit);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        OutputFiles.WriteLevels(json, c.Levels);
    }

    public static void WriteJson(string file, Action<Utf8JsonWriter> body)
    {
        using var stream = File.Create(file);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        body(json);
        json.WriteEndObject();
    }

    /// <summary>results.csv: one row per (label, method, start).</summary>
    public static void WriteResults(string file, IEnumerable<(string Label, Comparison Comparison)> comparisons, Func<StartOutcome, double>? accuracy = null)
    {
        var text = new StringBuilder("label,method,start,trainingLoss,heldOutRmse" + (accuracy is null ? "" : ",heldOutAccuracy") + ",iterations,evaluations,exit\n");
        foreach (var (label, c) in comparisons)
            foreach (StartOutcome o in c.Outcomes)
                text.Append(Invariant($"{label},{o.Method},{o.Start},{o.TrainingLoss:R},{o.HeldOutRmse:R}"))
                    .Append(accuracy is null ? "" : Invariant($",{accuracy(o):R}"))
                    .Append(Invariant($",{o.Iterations},{o.Evaluations},{o.Exit}\n"));
        File.WriteAllText(file, text.ToString());
    }

    /// <summary>levels.csv: β, R_f, path, action and its two terms.</summary>
    public static void WriteLevels(string file, AnnealingLevel[] levels)
    {
        var text = new StringBuilder("beta,rf,path,action,measurementTerm,modelTerm\n");
        foreach (AnnealingLevel level in levels)
            for (int k = 0; k < level.Actions.Length; k++)
                text.Append(Invariant($"{level.Beta},{level.Rf:R},{k},{level.Actions[k]:R},{level.MeasurementTerms[k]:R},{level.ModelTerms[k]:R}\n"));
        File.WriteAllText(file, text.ToString());
    }

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
