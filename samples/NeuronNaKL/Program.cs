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

    double[] truth = { 120, 50, 20, -77, 0.3, -54, 1, -40, 0.06, 0.1, 0.4, -60, -0.07, 1, 7, -55, 0.03, 1, 5 };
    double[] lower = { 50, 30, 5, -100, 0.05, -80, 0.5, -60, 0.02, 0.05, 0.1, -80, -0.15, 0.5, 2, -75, 0.01, 0.5, 2 };
    double[] upper = { 200, 70, 40, -50, 1.0, -30, 2.0, -20, 0.15, 0.5, 1.0, -40, -0.02, 3, 12, -35, 0.08, 3, 12 };
    // Gates start 1e6 times more tightly bound to their kinetics than V. With loose gates (1e2) the
    // β = 0 minimum is degenerate in a telling way: three free gate time courses can produce any
    // current, so the V equation fits the noise and the parameters sit on box corners (fastest
    // gates, largest conductances) until a late jump — which from some stimuli never comes. Tight
    // gates leave the corners by β = 5 and anneal smoothly, about 3× faster.
    // R_f0 is chosen by the library from the problem (AutomaticPrecision) unless given here.
    string? rf0V = o.Optional("rf0"), rf0Gate = o.Optional("rf0-gates");
    double[]? rf0 = rf0V is null && rf0Gate is null ? null : new[] { o.Double("rf0", 1e-2), o.Double("rf0-gates", 1e4), o.Double("rf0-gates", 1e4), o.Double("rf0-gates", 1e4) };
    var settings = new TwinSettings
    {
        ModelName = "NaKL",
        ParameterNames = NaKLNeuron.ParameterNames,
        TrueParameters = truth,
        ParameterLower = lower,
        ParameterUpper = upper,
        StateLower = new[] { -120.0, 0, 0, 0 },
        StateUpper = new[] { 60.0, 1, 1, 1 },
        Observed = new[] { 0 },
        InitialState = random => new[] { -65 + random.NextDouble(), 0.05, 0.6, 0.3 },
        SpinUpSteps = 2000, // 40 ms at rest without current
        OutDir = o.String("out", "out/neuron"),
        DataFile = o.Optional("data"),
        Dt = dt,
        Steps = steps,
        DataEvery = o.Int("data-every", 1),
        Noise = o.Double("noise", 1.0),
        Discretization = o.Discretization("discretization", Discretization.HermiteSimpson),
        Rf0 = rf0,
        Starts = o.Starts("starts", StartKind.Automatic),
        Alpha = o.Double("alpha", 2.0),
        BetaMax = o.Optional("beta-max") is null ? null : o.Int("beta-max", 0),
        Paths = o.Int("paths", 2), // one per core (~40 s of Newton steps each at N = 6000); see README on path diversity
        Seed = o.Int("seed", 1),
        Threads = o.Int("threads", Environment.ProcessorCount),
        Optimizer = o.Optimizer("optimizer", MinimizerKind.Newton),
        PredictionSteps = predict,
        Stimulus = stimulus,
        ParameterUncertainty = true,
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
