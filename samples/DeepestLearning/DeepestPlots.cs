using System;
using System.Linq;
using DeepestLearning;
using DeepestLearning.SampleModels;
using ScottPlot;

namespace DeepestLearningSample;

/// <summary>The sample's pictures: x(τ) and p(τ), and error vs step (log–log with slopes).</summary>
public static class DeepestPlots
{
    public static void StateAndMomentum(string file, AdjointGradient<TanhFlow> adjoint, double horizon)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        double[] tau = Enumerable.Range(0, adjoint.Steps + 1).Select(n => n * horizon / adjoint.Steps).ToArray();
        for (int panel = 0; panel < 2; panel++)
        {
            Plot plot = multiplot.GetPlot(panel);
            for (int a = 0; a < TanhFlow.StateCount; a++)
            {
                double[] values = Enumerable.Range(0, adjoint.Steps + 1).Select(n => panel == 0 ? adjoint.State(n)[a] : adjoint.Momentum(n)[a]).ToArray();
                var line = plot.Add.ScatterLine(tau, values);
                line.LegendText = panel == 0 ? $"x{a}(τ)" : $"p{a}(τ)";
                line.LineWidth = 2;
            }
            plot.Title(panel == 0 ? "Forward pass: x(τ) of a held-out input" : "Momentum p(τ), integrated backwards from p(T) = −R_m(x(T) − y)");
            plot.XLabel("layer label τ");
            plot.ShowLegend(Alignment.UpperLeft);
        }
        multiplot.SavePng(file, 1000, 800);
    }

    public static void Convergence(string file, Convergence c)
    {
        var plot = new Plot();
        double[] logH = c.H.Select(Math.Log10).ToArray();
        var euler = plot.Add.Scatter(logH, c.EulerError.Select(e => Math.Log10(Math.Max(e, 1e-17))).ToArray());
        euler.LegendText = $"forward Euler (slope {c.EulerSlope:F2})";
        var rk4 = plot.Add.Scatter(logH, c.Rk4Error.Select(e => Math.Log10(Math.Max(e, 1e-17))).ToArray());
        rk4.LegendText = $"RK4 (slope {c.Rk4Slope:F2})";
        plot.Title("Continuous-depth network: error of x(T) vs step h at fixed T");
        plot.XLabel("log10 h   (h = T / (K·n), K = 8 weight layers, n steps per layer)");
        plot.YLabel("log10 RMS error vs RK4, n = 1024");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(file, 900, 600);
    }
}
