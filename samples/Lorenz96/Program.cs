using System;
using System.Linq;
using DeepestLearning;
using DeepestLearning.Samples;
using DeepestLearning.SampleModels;

// The Abarbanel group's Lorenz96 twin experiment (docs/design.md §1.2): D = 20, F = 8.17 unknown,
// 12 of 20 components observed with noise σ = 0.5, precision annealing from several initial paths.
return SampleMain.Run(() =>
{
    var o = new SampleOptions(args);
    int states = o.Int("states", 20);
    int[] observed = o.IntList("observed", new[] { 0, 1, 3, 5, 6, 8, 10, 11, 13, 15, 16, 18 });
    // R_f0: chosen by the library from the problem (AutomaticPrecision) unless --rf0 gives one value for
    // every component (the field's classic choice for this experiment is 4e-6); --rf0-unobserved sets the unobserved ones apart.
    string rf0Text = o.String("rf0", "auto");
    double[]? rf0 = null;
    if (rf0Text != "auto")
    {
        double observedRf0 = o.Double("rf0", 4e-6), unobservedRf0 = o.Double("rf0-unobserved", observedRf0);
        rf0 = Enumerable.Range(0, states).Select(a => observed.Contains(a) ? observedRf0 : unobservedRf0).ToArray();
    }
    TwinSettings standard = Lorenz96Experiment.Settings(states, observed, o.Double("dt", 0.025), o.Int("steps", 160), 0.5, 4, o.String("out", "out/lorenz96"));
    TwinSettings settings = o.Annealing(standard) with { Rf0 = rf0, PredictionSteps = o.Int("predict", standard.PredictionSteps) };
    o.RejectUnknown();

    _ = states switch
    {
        10 => TwinRunner.Run<Lorenz96D10>(settings),
        20 => TwinRunner.Run<Lorenz96D20>(settings),
        40 => TwinRunner.Run<Lorenz96D40>(settings),
        _ => throw new ArgumentException($"--states {states}: choose 10, 20 or 40 (one declared model class each).", "states"),
    };
    return 0;
});
