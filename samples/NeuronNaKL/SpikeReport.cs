using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using DeepestLearning.Cli;
using DeepestLearning.Samples;
using Spectre.Console;

namespace NeuronNaKLSample;

/// <summary>Spike times (upward crossings of 0 mV) of the truth and the prediction after the window, matched in order.</summary>
public sealed record SpikeComparison(double[] TruthTimes, double[] PredictionTimes, int Matched, double MaxShift, double Horizon);

public static class SpikeReport
{
    /// <summary>Spike shifts larger than this (ms) count as a lost spike.</summary>
    public const double Tolerance = 2.0;

    public static SpikeComparison Compare(TwinSummary summary, double dt, int steps)
    {
        int d = 4;
        int horizon = summary.Prediction.Length / d - 1;
        double[] predicted = Crossings(n => summary.Prediction[n * d], horizon, dt, steps * dt);
        double[] truth = summary.Truth is { } t ? Crossings(n => t[(steps + n) * d], horizon, dt, steps * dt) : Array.Empty<double>();
        int matched = 0;
        double maxShift = 0;
        // Greedy in-order matching: each true spike takes the nearest unused predicted spike within the tolerance.
        var used = new bool[predicted.Length];
        foreach (double spike in truth)
        {
            int best = -1;
            for (int k = 0; k < predicted.Length; k++)
                if (!used[k] && Math.Abs(predicted[k] - spike) <= Tolerance && (best < 0 || Math.Abs(predicted[k] - spike) < Math.Abs(predicted[best] - spike))) best = k;
            if (best < 0) continue;
            used[best] = true;
            matched++;
            maxShift = Math.Max(maxShift, Math.Abs(predicted[best] - spike));
        }
        return new SpikeComparison(truth, predicted, matched, maxShift, horizon * dt);
    }

    /// <summary>Number of spikes (upward crossings of 0 mV) in a voltage trace.</summary>
    public static int CountSpikes(double[] voltage) => Crossings(n => voltage[n], voltage.Length - 1, 1.0, 0.0).Length;

    private static double[] Crossings(Func<int, double> voltage, int points, double dt, double start)
    {
        var times = new List<double>();
        for (int n = 1; n <= points; n++)
        {
            double a = voltage(n - 1), b = voltage(n);
            if (a < 0 && b >= 0) times.Add(start + (n - 1 + a / (a - b)) * dt);
        }
        return times.ToArray();
    }

    public static void Write(Utf8JsonWriter json, SpikeComparison spikes)
    {
        json.WriteStartObject("spikes");
        json.WriteNumber("horizonMs", spikes.Horizon);
        json.WriteNumber("toleranceMs", Tolerance);
        json.WriteStartArray("truth");
        foreach (double t in spikes.TruthTimes) json.WriteNumberValue(t);
        json.WriteEndArray();
        json.WriteStartArray("prediction");
        foreach (double t in spikes.PredictionTimes) json.WriteNumberValue(t);
        json.WriteEndArray();
        json.WriteNumber("matched", spikes.Matched);
        json.WriteNumber("maxShiftMs", spikes.MaxShift);
        json.WriteEndObject();
    }

    public static void Print(SpikeComparison spikes)
    {
        if (spikes.TruthTimes.Length == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"prediction over {spikes.Horizon:F0} ms: {spikes.PredictionTimes.Length} spikes (no truth to compare with)");
            return;
        }
        AnsiConsole.MarkupLineInterpolated(
            $"prediction over {spikes.Horizon:F0} ms after the window: {spikes.Matched} of {spikes.TruthTimes.Length} true spikes matched within {Tolerance} ms (largest shift {spikes.MaxShift.ToString("F3", CultureInfo.InvariantCulture)} ms), {spikes.PredictionTimes.Length} predicted");
    }
}
