using System;
using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Cli;
using DeepestLearning;
using ScottPlot;

namespace DeepNetworkSample;

/// <summary>The experiments' pictures: held-out error vs depth and the spirals' decision boundary (action levels: Plots.NetworkActionLevels).</summary>
public static class NetworkPlots
{
    public static void ErrorVsDepth(string file, int[] depths, IReadOnlyDictionary<string, double[]> errors, double noise)
    {
        var plot = new Plot();
        double[] logL = depths.Select(l => Math.Log10(l)).ToArray();
        foreach (var (method, values) in errors)
        {
            var line = plot.Add.Scatter(logL, values.Select(Math.Log10).ToArray());
            line.LegendText = method;
            line.MarkerSize = 6;
        }
        var floor = plot.Add.HorizontalLine(Math.Log10(noise));
        floor.LinePattern = LinePattern.Dashed;
        floor.Color = Colors.Black;
        floor.LegendText = $"noise σ = {noise:G3}";
        plot.Title("Deeper is finer time resolution: held-out RMSE vs number of layers");
        plot.XLabel("log10 layers L   (h = T/L)");
        plot.YLabel("log10 held-out RMSE (best start)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(file, 900, 600);
    }

    /// <summary>The trained classifier's output component 0 over the plane (sign = class), with the training points.</summary>
    public static void DecisionBoundary(string file, string title, Func<double, double, double> classify, TrainingPairs training)
    {
        const int n = 120;
        var values = new double[n, n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                values[r, c] = Math.Sign(classify(-1.2 + 2.4 * c / (n - 1), 1.2 - 2.4 * r / (n - 1)));
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Extent = new CoordinateRect(-1.2, 1.2, -1.2, 1.2);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Opacity = 0.45;
        for (int label = 0; label < 2; label++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int k = 0; k < training.Count; k++)
                if ((training.Target(k)[0] > 0) == (label == 0))
                {
                    xs.Add(training.Input(k)[0]);
                    ys.Add(training.Input(k)[1]);
                }
            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            points.Color = label == 0 ? Colors.Red : Colors.Blue;
            points.MarkerSize = 5;
            points.LegendText = label == 0 ? "class +1" : "class −1";
        }
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(file, 700, 700);
    }
}
