using System;
using System.Globalization;
using System.Linq;
using DeepestLearning.Cli;
using DeepestLearning;
using DeepestLearning.Samples;
using Spectre.Console;

namespace NeuronNaKLSample;

/// <summary>
/// Experiment design by the Cramér–Rao bound: for realizations 1…K of the stimulus (same kind of
/// current, other oscillator initial conditions) the Fisher information of the twin experiment at
/// the true parameters gives the smallest standard deviation any estimator can reach from that
/// protocol. The realization whose worst relative bound is smallest is the most informative
/// experiment; the default stimulus seed was chosen this way (<c>--design-seeds 100</c>).
/// Realizations that drive the voltage below the state bound are skipped.
/// </summary>
public static class StimulusDesign
{
    public static void Compare<TModel>(TwinSettings settings, ChaoticCurrent stimulus, int seeds, int predict) where TModel : IDynamicalModel<TModel>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        int points = settings.Steps + predict + 1;
        var rows = new System.Collections.Generic.List<(int Seed, double Worst, string Name, int Spikes, double VMin)>();
        int skipped = 0;
        for (int seed = 1; seed <= seeds; seed++)
        {
            double[] current = (stimulus with { Seed = seed }).Generate(points, settings.Dt);
            TwinSettings trial = settings with { Stimulus = current };
            double[] voltage = Voltage<TModel>(trial);
            double vMin = voltage.Min();
            if (vMin < settings.StateLower[0])
            {
                skipped++;
                continue;
            }
            FisherInformation fisher = TwinRunner.Design<TModel>(trial);
            if (!fisher.Identifiable)
            {
                // Ranks last: some combination of unknowns is not determined at all by this protocol.
                rows.Add((seed, double.PositiveInfinity, "not identifiable: " + fisher.Describe(fisher.DependentUnknown), SpikeReport.CountSpikes(voltage), vMin));
                continue;
            }
            double[] std = fisher.ParameterStd();
            int worst = 0;
            for (int k = 1; k < std.Length; k++)
                if (Relative(std, settings, k) > Relative(std, settings, worst)) worst = k;
            rows.Add((seed, Relative(std, settings, worst), settings.ParameterNames[worst], SpikeReport.CountSpikes(voltage), vMin));
        }

        var table = new Table().Title($"Cramér–Rao bound of {rows.Count} stimulus realizations ({skipped} skipped: voltage below the state bound)");
        table.AddColumn("stimulus seed").AddColumn("worst relative σ").AddColumn("parameter").AddColumn("spikes in window").AddColumn("lowest V");
        foreach (var row in rows.OrderBy(r => r.Worst).Take(10))
            table.AddRow(row.Seed.ToString(CultureInfo.InvariantCulture), $"{100 * row.Worst:F2} %", row.Name, row.Spikes.ToString(CultureInfo.InvariantCulture), $"{row.VMin:F1} mV");
        AnsiConsole.Write(table);
        if (rows.Count > 0)
        {
            double[] sorted = rows.Select(r => r.Worst).OrderBy(w => w).ToArray();
            AnsiConsole.MarkupLineInterpolated($"median {100 * sorted[sorted.Length / 2]:F2} %, best {100 * sorted[0]:F2} % (stimulus seed {rows.OrderBy(r => r.Worst).First().Seed}), worst {100 * sorted[^1]:F2} %");
        }
    }

    private static double Relative(double[] std, TwinSettings settings, int k) => std[k] / Math.Abs(settings.TrueParameters[k]);

    /// <summary>The true voltage over the window for these settings (same spin-up as the run).</summary>
    private static double[] Voltage<TModel>(TwinSettings s) where TModel : IDynamicalModel<TModel>
    {
        double[] path = TwinRunner.TruePath<TModel>(s);
        int d = TModel.StateCount;
        return Enumerable.Range(0, s.Steps + 1).Select(n => path[n * d]).ToArray();
    }
}
