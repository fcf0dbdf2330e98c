using System;
using System.Linq;
using ScottPlot;

namespace DeepestLearning.Cli;

/// <summary>The two pictures a scientist reads first: action levels vs β and an observed/unobserved component.</summary>
public static class Plots
{
    /// <summary>action-levels.png: log10 action against β for every start, with the expected measurement term.</summary>
    /// <param name="file">The target file (written atomically).</param>
    /// <param name="s">The run's settings.</param>
    /// <param name="result">The annealing's result.</param>
    /// <param name="expected">The χ² expectation of the measurement term.</param>
    public static void ActionLevels<TModel>(string file, TwinSettings s, AnnealingResult<TModel> result, double expected) where TModel : IDynamicalModel<TModel>
    {
        var plot = new Plot();
        double[] betas = result.Levels.Select(l => (double)l.Beta).ToArray();
        int paths = result.Levels[0].Actions.Length;
        for (int k = 0; k < paths; k++)
        {
            double[] logA = result.Levels.Select(l => Math.Log10(Math.Max(l.Actions[k], 1e-300))).ToArray();
            var line = plot.Add.Scatter(betas, logA);
            line.MarkerSize = 3;
            line.LegendText = k == result.BestPath ? $"path {k} (best)" : $"path {k}";
        }
        var expectedLine = plot.Add.HorizontalLine(Math.Log10(expected));
        expectedLine.LinePattern = LinePattern.Dashed;
        expectedLine.Color = Colors.Black;
        expectedLine.LegendText = $"expected measurement term {expected:G4}";
        plot.Title($"{s.ModelName}: action levels ({s.Observed.Length} of {TModel.StateCount} observed)");
        plot.XLabel($"β   (R_f = R_f0·α^β, R_f0 = {result.Rf0[0]:G3}, α = {s.Alpha})");
        plot.YLabel("log10 action");
        plot.ShowLegend(Alignment.UpperLeft);
        AtomicFile.Save(file, temporary => plot.SavePng(temporary, 900, 600));
    }

    /// <summary>path.png: an observed and (if any) an unobserved component: truth, estimate, prediction and data.</summary>
    /// <param name="file">The target file (written atomically).</param>
    /// <param name="s">The run's settings.</param>
    /// <param name="result">The annealing's result.</param>
    /// <param name="truth">The true trajectory, or null for real data.</param>
    /// <param name="observations">The data.</param>
    /// <param name="prediction">The prediction from the end of the window.</param>
    /// <param name="marginals">The Laplace spreads of the estimate, drawn as a ±2σ band around it; null for none.</param>
    public static void Path<TModel>(string file, TwinSettings s, AnnealingResult<TModel> result, double[]? truth, Observations observations, double[] prediction,
        PathMarginals? marginals = null) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount;
        int observed = observations.Components[0];
        int unobserved = Enumerable.Range(0, d).Except(observations.Components).DefaultIfEmpty(-1).First();
        int[] shown = unobserved >= 0 ? new[] { observed, unobserved } : new[] { observed };
        var multiplot = new Multiplot();
        multiplot.AddPlots(shown.Length);
        for (int panel = 0; panel < shown.Length; panel++)
        {
            int a = shown[panel];
            Plot plot = multiplot.GetPlot(panel);
            double[] tWindow = Enumerable.Range(0, s.Steps + 1).Select(n => n * s.Dt).ToArray();
            double[] tPredict = Enumerable.Range(0, s.PredictionSteps + 1).Select(n => (s.Steps + n) * s.Dt).ToArray();
            if (marginals is not null && marginals.Formulation != MarginalFormulation.None)
            {
                // Drawn first, under the lines: the band must not hide the truth it is judged against.
                var band = plot.Add.FillY(tWindow,
                    tWindow.Select((_, n) => result.Best[n * d + a] - 2 * marginals.StateStd(n, a)).ToArray(),
                    tWindow.Select((_, n) => result.Best[n * d + a] + 2 * marginals.StateStd(n, a)).ToArray());
                band.FillColor = Colors.Blue.WithAlpha(0.2);
                band.LineWidth = 0;
                band.LegendText = $"±2σ ({marginals.FormulationName})";
            }
            if (truth is not null)
            {
                double[] tAll = Enumerable.Range(0, s.Steps + s.PredictionSteps + 1).Select(n => n * s.Dt).ToArray();
                var t = plot.Add.ScatterLine(tAll, tAll.Select((_, n) => truth[n * d + a]).ToArray());
                t.Color = Colors.Black;
                t.LegendText = "truth";
            }
            var est = plot.Add.ScatterLine(tWindow, tWindow.Select((_, n) => result.Best[n * d + a]).ToArray());
            est.Color = Colors.Blue;
            est.LineWidth = 2;
            est.LegendText = "estimate";
            var pred = plot.Add.ScatterLine(tPredict, tPredict.Select((_, n) => prediction[n * d + a]).ToArray());
            pred.Color = Colors.Red;
            pred.LineWidth = 2;
            pred.LegendText = "prediction";
            int column = Array.IndexOf(observations.Components, a);
            if (column >= 0)
            {
                int[] measured = Enumerable.Range(0, observations.Times.Length).Where(r => observations.IsMeasured(r, column)).ToArray(); // a gap is drawn as a gap
                var data = plot.Add.ScatterPoints(measured.Select(r => observations.Times[r] * s.Dt).ToArray(), measured.Select(r => observations[r, column]).ToArray());
                data.Color = Colors.Gray;
                data.MarkerSize = 4;
                data.LegendText = "data";
            }
            var windowEnd = plot.Add.VerticalLine(s.Steps * s.Dt);
            windowEnd.LinePattern = LinePattern.Dotted;
            plot.Title($"x{a} ({(column >= 0 ? "observed" : "unobserved")})");
            plot.XLabel("time");
            plot.ShowLegend(Alignment.UpperLeft);
        }
        AtomicFile.Save(file, temporary => multiplot.SavePng(temporary, 1000, 400 * shown.Length));
    }

    /// <summary>log10 action vs β for every start of a network annealing, with an optional reference level (≤ 0 for none).</summary>
    /// <param name="file">The target file (written atomically).</param>
    /// <param name="title">The plot's title.</param>
    /// <param name="levels">The annealing's levels.</param>
    /// <param name="reference">A reference action drawn as a dashed line, or ≤ 0 for none.</param>
    /// <param name="referenceLabel">The reference line's legend.</param>
    public static void NetworkActionLevels(string file, string title, System.Collections.Generic.IReadOnlyList<AnnealingLevel> levels, double reference, string referenceLabel)
    {
        var plot = new Plot();
        double[] betas = levels.Select(l => (double)l.Beta).ToArray();
        for (int k = 0; k < levels[0].Actions.Length; k++)
        {
            var line = plot.Add.Scatter(betas, levels.Select(l => Math.Log10(Math.Max(l.Actions[k], 1e-300))).ToArray());
            line.MarkerSize = 3;
            line.LegendText = $"start {k}";
        }
        if (reference > 0)
        {
            var level = plot.Add.HorizontalLine(Math.Log10(reference));
            level.LinePattern = LinePattern.Dashed;
            level.Color = Colors.Black;
            level.LegendText = referenceLabel;
        }
        plot.Title(title);
        plot.XLabel($"β   (R_f = R_f0·α^β, R_f0 = {levels[0].Rf:G3})");
        plot.YLabel("log10 action");
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.Save(file, temporary => plot.SavePng(temporary, 900, 600));
    }
}
