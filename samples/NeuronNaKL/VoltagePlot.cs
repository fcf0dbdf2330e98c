using System.Linq;
using DeepestLearning.Cli;
using DeepestLearning.Samples;
using ScottPlot;

namespace NeuronNaKLSample;

/// <summary>voltage.png: data, truth, the estimate over the window and the prediction after it.</summary>
public static class VoltagePlot
{
    public static void Save(string file, TwinSettings s, TwinSummary result, SpikeComparison spikes)
    {
        const int d = 4;
        var plot = new Plot();
        double[] tWindow = Enumerable.Range(0, s.Steps + 1).Select(n => n * s.Dt).ToArray();
        double[] tPredict = Enumerable.Range(0, s.PredictionSteps + 1).Select(n => (s.Steps + n) * s.Dt).ToArray();
        if (result.Observations is { } obs)
        {
            int[] measured = Enumerable.Range(0, obs.Times.Length).Where(r => obs.IsMeasured(r, 0)).ToArray(); // a recording's gaps stay gaps
            var data = plot.Add.ScatterPoints(measured.Select(r => obs.Times[r] * s.Dt).ToArray(), measured.Select(r => obs[r, 0]).ToArray());
            data.Color = Colors.Gray.WithAlpha(0.5);
            data.MarkerSize = 2;
            data.LegendText = "data (σ = " + s.Noise + " mV)";
        }
        if (result.Truth is { } truth)
        {
            double[] tAll = Enumerable.Range(0, s.Steps + s.PredictionSteps + 1).Select(n => n * s.Dt).ToArray();
            var line = plot.Add.ScatterLine(tAll, tAll.Select((_, n) => truth[n * d]).ToArray());
            line.Color = Colors.Black;
            line.LegendText = "truth";
        }
        var estimate = plot.Add.ScatterLine(tWindow, tWindow.Select((_, n) => result.Estimate[n * d]).ToArray());
        estimate.Color = Colors.Blue;
        estimate.LegendText = "estimate";
        var prediction = plot.Add.ScatterLine(tPredict, tPredict.Select((_, n) => result.Prediction[n * d]).ToArray());
        prediction.Color = Colors.Red;
        prediction.LegendText = $"prediction ({spikes.Matched} of {spikes.TruthTimes.Length} spikes within {SpikeReport.Tolerance} ms)";
        var windowEnd = plot.Add.VerticalLine(s.Steps * s.Dt);
        windowEnd.LinePattern = LinePattern.Dotted;
        plot.Title("NaKL neuron: voltage");
        plot.XLabel("time (ms)");
        plot.YLabel("V (mV)");
        plot.ShowLegend(Edge.Bottom); // outside the axes: spikes and troughs fill the whole window
        AtomicFile.Save(file, temporary => plot.SavePng(temporary, 1400, 560));
    }
}
