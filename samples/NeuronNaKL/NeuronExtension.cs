using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using DeepestLearning.Cli;
using DeepestLearning.SampleModels;
using DeepestLearning.Samples;

namespace NeuronNaKLSample;

/// <summary>
/// What the neuron sample adds to the host: the injected current (the default chaotic drive with
/// its parts as options, a protocol family, or the host's --stimulus FILE), R_f0 of V and of the
/// gates apart, the spike report in summary.json, voltage.png, and --design-seeds, which ranks
/// realizations of the current by their Cramér–Rao bound instead of annealing.
/// </summary>
public sealed class NeuronExtension : AssimilationExtension
{
    private static readonly ChaoticCurrent Standard = new();
    private ChaoticCurrent? _design;

    /// <inheritdoc/>
    public override IReadOnlyList<Option> Options { get; } = new Option[]
    {
        HostOptions.Text("stimulus-family", "NAME", "generate the current from a family: " + string.Join(", ", StimulusFamily.Names) + " (not with --stimulus)"),
        HostOptions.OptionalInteger("stimulus-seed", $"realization of the generated current (default: {Standard.Seed}, 1 with a family)"),
        HostOptions.Integer("design-seeds", "if K > 0: rank K realizations of the default current by their Cramér–Rao bound, and stop", 0),
        HostOptions.OptionalNumber("rf0-gates", "R_f0 of the three gates (giving it or --rf0 sets both; the other defaults to 1e-2 for V, 1e4 for the gates)"),
        HostOptions.Number("current", "baseline current", Standard.Baseline),
        HostOptions.Number("chaos", "amplitude of the slow chaotic drive", Standard.SlowAmplitude),
        HostOptions.Number("chaos-rate", "Lorenz63 time units per ms of the slow drive", Standard.SlowRate),
        HostOptions.Number("fast-chaos", "amplitude of the fast chaotic drive", Standard.FastAmplitude),
        HostOptions.Number("fast-rate", "Lorenz63 time units per ms of the fast drive", Standard.FastRate),
        HostOptions.Number("steps-current", "amplitude of the staircase", Standard.StepAmplitude),
        HostOptions.Number("step-ms", "duration of one stair in ms", Standard.StepMs),
        HostOptions.NumberList("levels", "stair levels in multiples of --steps-current, repeating", ChaoticCurrent.DefaultLevels),
    };

    /// <summary>Only V is measured; R_f0 of the gates has its own option.</summary>
    public override IReadOnlyCollection<string> RemovedOptions => new[] { "observed", "rf0-unobserved" };

    /// <inheritdoc/>
    public override TwinSettings Configure(TwinSettings settings, CommandLineValues values)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(values);
        TwinSettings s = settings with { Stimulus = Current(settings, values), Rf0 = ModelPrecision(settings, values) };
        int steps = s.Steps;
        double dt = s.Dt;
        return s with
        {
            ExtraSummary = (json, summary) => SpikeReport.Write(json, SpikeReport.Compare(summary, dt, steps)),
            ExtraOutputs = summary => VoltagePlot.Save(Path.Combine(s.OutDir, "voltage.png"), s, summary, SpikeReport.Compare(summary, dt, steps)),
        };
    }

    /// <inheritdoc/>
    public override int? RunInstead(TwinSettings settings, CommandLineValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int seeds = values.Get<int>("design-seeds");
        if (seeds < 0) throw CommandLineException.Invalid("design-seeds", seeds, "must not be negative (0: anneal)");
        if (seeds == 0) return null;
        // Compare realizations of the stimulus by the Cramér–Rao bound they allow; no annealing.
        if (_design is null) throw new CommandLineException("design-seeds", "--design-seeds compares realizations of the default current; it cannot be combined with --stimulus or --stimulus-family.");
        StimulusDesign.Compare<NaKLNeuron>(settings, _design, seeds, settings.PredictionSteps);
        return 0;
    }

    /// <inheritdoc/>
    public override void Finished(TwinSettings settings, TwinSummary summary)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SpikeReport.Print(SpikeReport.Compare(summary, settings.Dt, settings.Steps));
    }

    /// <summary>The current over window and prediction: from the host's --stimulus FILE, a family, or the default chaotic drive.</summary>
    private double[]? Current(TwinSettings s, CommandLineValues values)
    {
        string? family = values.Get<string?>("stimulus-family");
        int points = s.Steps + s.PredictionSteps + 1;
        if (values.IsGiven("stimulus"))
        {
            if (family is not null) throw new CommandLineException("stimulus-family", "--stimulus-family generates the current; it cannot be combined with --stimulus FILE.");
            return s.Stimulus;
        }
        int? seed = values.Get<int?>("stimulus-seed");
        if (seed is < 1 && family is not null) throw CommandLineException.Invalid("stimulus-seed", seed, "must be at least 1 with --stimulus-family");
        if (family is not null)
        {
            if (!StimulusFamily.Names.Contains(family)) throw CommandLineException.Invalid("stimulus-family", family, "must be one of " + string.Join(", ", StimulusFamily.Names));
            return StimulusFamily.Generate(family, seed ?? 1, points, s.Steps + 1, s.Dt);
        }
        double stepMs = values.Get<double>("step-ms");
        if (!(stepMs > 0)) throw CommandLineException.Invalid("step-ms", stepMs, "must be positive");
        _design = Standard with
        {
            Baseline = values.Get<double>("current"),
            SlowAmplitude = values.Get<double>("chaos"),
            SlowRate = values.Get<double>("chaos-rate"),
            FastAmplitude = values.Get<double>("fast-chaos"),
            FastRate = values.Get<double>("fast-rate"),
            StepAmplitude = values.Get<double>("steps-current"),
            StepMs = stepMs,
            Levels = values.Get<double[]>("levels")!,
            Seed = seed ?? Standard.Seed,
        };
        return _design.Generate(points, s.Dt);
    }

    /// <summary>
    /// R_f0 of V and of the gates; without either option the library chooses (it holds the gates
    /// about 1e6 times tighter to their kinetics than V: with loose gates the β = 0 minimum is
    /// degenerate, three free gate time courses can produce any current).
    /// </summary>
    private static double[]? ModelPrecision(TwinSettings s, CommandLineValues values)
    {
        bool voltageGiven = values.IsGiven("rf0"), gatesGiven = values.IsGiven("rf0-gates");
        if (!gatesGiven) return voltageGiven && s.Rf0 is { } given ? new[] { given[0], 1e4, 1e4, 1e4 } : s.Rf0;
        double gates = values.Get<double?>("rf0-gates")!.Value;
        if (!(gates > 0)) throw CommandLineException.Invalid("rf0-gates", gates, "must be positive");
        if (voltageGiven && s.Rf0 is null) throw new CommandLineException("rf0", "--rf0 auto lets the library choose every component; it cannot be combined with --rf0-gates.");
        double voltage = s.Rf0 is { } v && voltageGiven ? v[0] : 1e-2;
        return new[] { voltage, gates, gates, gates };
    }
}
