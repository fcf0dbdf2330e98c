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

    /// <summary>The most parameter histograms sampler.png draws (the first estimated parameters).</summary>
    private const int MaxHistograms = 4;

    /// <summary>
    /// sampler.png: the sampler's posterior mean ±2σ of an observed and (if any) an unobserved component beside the Laplace
    /// ±2σ band around the estimate (and the truth for twin data), all as deviations from the estimate; then a histogram of the draws of each of the first
    /// <see cref="MaxHistograms"/> estimated parameters, with the estimate ±σ of the Laplace marginals (or, without them,
    /// the Cramér–Rao bound) and the truth marked.
    /// </summary>
    /// <param name="file">The target file (written atomically).</param>
    /// <param name="s">The run's settings.</param>
    /// <param name="result">The annealing's result.</param>
    /// <param name="summary">The run's numbers, with <see cref="TwinSummary.Samples"/> set.</param>
    /// <param name="truth">The true trajectory, or null for real data.</param>
    public static void Sampler<TModel>(string file, TwinSettings s, AnnealingResult<TModel> result, TwinSummary summary, double[]? truth)
        where TModel : IDynamicalModel<TModel>
    {
        SamplingResult samples = summary.Samples ?? throw new ArgumentException("the summary holds no samples.", nameof(summary));
        PathMarginals? marginals = summary.Marginals is { Formulation: not MarginalFormulation.None } m ? m : null;
        int d = TModel.StateCount;
        int observed = s.Observed[0];
        int unobserved = Enumerable.Range(0, d).Except(s.Observed).DefaultIfEmpty(-1).First();
        int[] shown = unobserved >= 0 ? new[] { observed, unobserved } : new[] { observed };
        int[] parameters = samples.EstimatedParameters.Take(MaxHistograms).ToArray();
        bool converged = SamplerCheck.Converged(samples);
        var multiplot = new Multiplot();
        multiplot.AddPlots(shown.Length + parameters.Length);
        double[] time = Enumerable.Range(0, s.Steps + 1).Select(n => n * s.Dt).ToArray();
        for (int panel = 0; panel < shown.Length; panel++)
        {
            int a = shown[panel];
            Plot plot = multiplot.GetPlot(panel);
            // Drawn as deviations from the estimate: bands a hundredth of the trajectory's swing would be invisible around it.
            double Estimate(int n) => result.Best[n * d + a];
            if (marginals is not null)
            {
                var laplace = plot.Add.FillY(time, time.Select((_, n) => -2 * marginals.StateStd(n, a)).ToArray(), time.Select((_, n) => 2 * marginals.StateStd(n, a)).ToArray());
                laplace.FillColor = Colors.Blue.WithAlpha(0.15);
                laplace.LineWidth = 0;
                laplace.LegendText = $"Laplace ±2σ around the estimate ({marginals.FormulationName})";
            }
            var posterior = plot.Add.FillY(time,
                time.Select((_, n) => samples.MeanPath[n * d + a] - Estimate(n) - 2 * samples.StateStd[n * d + a]).ToArray(),
                time.Select((_, n) => samples.MeanPath[n * d + a] - Estimate(n) + 2 * samples.StateStd[n * d + a]).ToArray());
            posterior.FillColor = Colors.Orange.WithAlpha(0.35);
            posterior.LineWidth = 0;
            posterior.LegendText = "sampler: posterior mean ±2σ";
            var mean = plot.Add.ScatterLine(time, time.Select((_, n) => samples.MeanPath[n * d + a] - Estimate(n)).ToArray());
            mean.Color = Colors.DarkOrange;
            mean.LineWidth = 1.5f;
            mean.LegendText = "posterior mean";
            if (truth is not null)
            {
                var t = plot.Add.ScatterLine(time, time.Select((_, n) => truth[n * d + a] - Estimate(n)).ToArray());
                t.Color = Colors.Black;
                t.LineWidth = 1.5f;
                t.LegendText = "truth";
            }
            var zero = plot.Add.HorizontalLine(0);
            zero.Color = Colors.Blue;
            zero.LineWidth = 1;
            zero.LegendText = "estimate";
            plot.YLabel($"x{a} − estimate");
            plot.Title($"x{a} ({(a == observed ? "observed" : "unobserved")}): {SamplerCheck.Describe(samples)}{(converged ? "" : " — not converged")}");
            plot.XLabel("time");
            plot.ShowLegend(Alignment.UpperLeft);
        }
        double[] draws = samples.ParameterDraws();
        int k = samples.EstimatedParameters.Length;
        double[] estimateParameters = result.BestParameters();
        double[]? laplaceStd = marginals?.ParameterStd() ?? summary.ParameterStd;
        string laplaceName = marginals is not null ? "Laplace" : "Cramér–Rao";
        for (int h = 0; h < parameters.Length; h++)
        {
            int p = parameters[h];
            Plot plot = multiplot.GetPlot(shown.Length + h);
            double[] values = Enumerable.Range(0, draws.Length / k).Select(i => draws[i * k + h]).ToArray();
            AddHistogram(plot, values);
            double sampleMean = samples.ParameterMean()[p], sampleStd = samples.ParameterStd()[p];
            Marker(plot, sampleMean, Colors.DarkOrange, LinePattern.Solid, "posterior mean");
            Marker(plot, estimateParameters[p], Colors.Blue, LinePattern.Solid, "estimate");
            if (laplaceStd is not null && double.IsFinite(laplaceStd[p]))
            {
                Marker(plot, estimateParameters[p] - laplaceStd[p], Colors.Blue, LinePattern.Dashed, $"{laplaceName} ±σ");
                Marker(plot, estimateParameters[p] + laplaceStd[p], Colors.Blue, LinePattern.Dashed, null);
            }
            if (truth is not null) Marker(plot, s.TrueParameters[p], Colors.Black, LinePattern.Dotted, "truth");
            string laplaceText = laplaceStd is not null && double.IsFinite(laplaceStd[p]) ? $", {laplaceName} σ {laplaceStd[p]:G3}" : "";
            plot.Title($"{s.ParameterNames[p]}: posterior {sampleMean:G6} ± {sampleStd:G3}{laplaceText} ({values.Length} draws)");
            plot.YLabel("draws");
            plot.ShowLegend(Alignment.UpperRight);
        }
        AtomicFile.Save(file, temporary => multiplot.SavePng(temporary, 1000, 350 * (shown.Length + parameters.Length)));
    }

    /// <summary>The draws in up to 30 equal bins between their extremes.</summary>
    private static void AddHistogram(Plot plot, double[] values)
    {
        double low = values.Min(), high = values.Max();
        int bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(values.Length)), 1, 30);
        double width = high > low ? (high - low) / bins : 1;
        var counts = new double[bins];
        foreach (double v in values) counts[Math.Min((int)((v - low) / width), bins - 1)]++;
        var bars = plot.Add.Bars(Enumerable.Range(0, bins).Select(b => new Bar { Position = low + (b + 0.5) * width, Value = counts[b], Size = width, FillColor = Colors.Orange.WithAlpha(0.6) }).ToList());
        bars.LegendText = "draws";
    }

    private static void Marker(Plot plot, double x, Color color, LinePattern pattern, string? legend)
    {
        var line = plot.Add.VerticalLine(x);
        line.Color = color;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        if (legend is not null) line.LegendText = legend;
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
