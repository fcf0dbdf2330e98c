using System;
using System.Globalization;
using System.IO;
using System.Linq;
using DeepestLearning;
using DeepestLearning.Samples;
using NeuronNaKLSample;
using DeepestLearning.SampleModels;
using Spectre.Console;

// The NaKL neuron twin experiment: 19 parameters and the three unobserved gates from a noisy
// voltage trace (σ = 1 mV, Δt = 0.02 ms, 6001 points = 120 ms), an irregular injected current,
// precision annealing with per-component R_f0 (voltage and gates differ by orders of magnitude).
return SampleMain.Run(() =>
{
    var o = new SampleOptions(args);
    int steps = o.Int("steps", 6000);
    double dt = o.Double("dt", 0.02);
    int predict = o.Int("predict", 5000);
    string? stimulusFile = o.Optional("stimulus");
    string? family = o.Optional("stimulus-family");
    double[] stimulus;
    ChaoticCurrent? design = null;
    if (family is not null)
    {
        if (stimulusFile is not null) throw new ArgumentException("--stimulus-family generates the current; it cannot be combined with --stimulus FILE.", "stimulus-family");
        stimulus = StimulusFamily.Generate(family, o.Int("stimulus-seed", 1), steps + predict + 1, steps + 1, dt);
    }
    else if (stimulusFile is null)
    {
        var defaults = new ChaoticCurrent();
        design = defaults with
        {
            Baseline = o.Double("current", defaults.Baseline),
            SlowAmplitude = o.Double("chaos", defaults.SlowAmplitude),
            SlowRate = o.Double("chaos-rate", defaults.SlowRate),
            FastAmplitude = o.Double("fast-chaos", defaults.FastAmplitude),
            FastRate = o.Double("fast-rate", defaults.FastRate),
            StepAmplitude = o.Double("steps-current", defaults.StepAmplitude),
            StepMs = o.Double("step-ms", defaults.StepMs),
            Levels = o.DoubleList("levels", ChaoticCurrent.DefaultLevels),
            Seed = o.Int("stimulus-seed", defaults.Seed),
        };
        stimulus = design.Generate(steps + predict + 1, dt);
    }
    else
    {
        stimulus = DataFile.Read(stimulusFile, 1).Select(r => r[0]).ToArray();
        if (stimulus.Length < steps + 1)
            throw new ArgumentException($"{stimulusFile} has {stimulus.Length} rows; the window needs steps + 1 = {steps + 1} (one value per model time step).", "stimulus");
        if (stimulus.Length < steps + predict + 1)
        {
            predict = stimulus.Length - steps - 1;
            AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] the stimulus covers {predict} steps after the window; the prediction is limited to them.");
        }
        stimulus = stimulus[..(steps + predict + 1)];
    }

    // R_f0 (per component), β_max and the kind of start are the library's automatic choices unless given here.
    // The automatic R_f0 holds the gates, which the data determine through V, about 1e6 times tighter to
    // their kinetics than V itself: with loose gates the β = 0 minimum is degenerate (three free gate time
    // courses can produce any current, so the V equation fits the noise and the parameters sit on box corners).
    string? rf0V = o.Optional("rf0"), rf0Gate = o.Optional("rf0-gates");
    double[]? rf0 = rf0V is null && rf0Gate is null ? null : new[] { o.Double("rf0", 1e-2), o.Double("rf0-gates", 1e4), o.Double("rf0-gates", 1e4), o.Double("rf0-gates", 1e4) };
    TwinSettings standard = NeuronExperiment.Settings(NaKLNeuron.ParameterNames, stimulus, steps, predict, dt, o.String("out", "out/neuron"));
    TwinSettings settings = o.Annealing(standard) with
    {
        Rf0 = rf0,
        ExtraSummary = (json, summary) => SpikeReport.Write(json, SpikeReport.Compare(summary, dt, steps)),
    };
    int designSeeds = o.Int("design-seeds", 0);
    o.RejectUnknown();

    if (designSeeds > 0)
    {
        // Compare realizations of the stimulus by the Cramér–Rao bound they allow; no annealing.
        if (design is null) throw new ArgumentException("--design-seeds compares generated stimuli; it cannot be combined with --stimulus FILE.", "design-seeds");
        StimulusDesign.Compare<NaKLNeuron>(settings, design, designSeeds, predict);
        return 0;
    }

    TwinSummary result = TwinRunner.Run<NaKLNeuron>(settings);
    SpikeComparison spikes = SpikeReport.Compare(result, dt, steps);
    VoltagePlot.Save(Path.Combine(settings.OutDir, "voltage.png"), settings, result, spikes);
    SpikeReport.Print(spikes);
    return 0;
});
