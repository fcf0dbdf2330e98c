using System;
using System.Linq;
using DeepestLearning;
using DeepestLearning.SampleModels;
using DeepestLearning.Samples;

// Lorenz63: estimate σ, ρ, β from noisy observations of x only, by precision annealing.
return SampleMain.Run(() =>
{
    var o = new SampleOptions(args);
    int[] observed = o.IntList("observed", new[] { 0 });
    // R_f0 1e-2 for every component unless "--rf0 auto" asks the library to choose (AutomaticPrecision).
    double[]? rf0 = o.String("rf0", "1e-2") == "auto" ? null : Enumerable.Repeat(o.Double("rf0", 1e-2), 3).ToArray();
    var standard = new TwinSettings
    {
        ModelName = "Lorenz63",
        ParameterNames = new[] { "sigma", "rho", "beta" },
        TrueParameters = new[] { 10.0, 28.0, 8.0 / 3.0 },
        ParameterLower = new[] { 1.0, 10.0, 0.5 },
        ParameterUpper = new[] { 20.0, 40.0, 5.0 },
        StateLower = new[] { -30.0, -40.0, 0.0 },
        StateUpper = new[] { 30.0, 40.0, 60.0 },
        Observed = observed,
        InitialState = random => new[] { 1 + random.NextDouble(), 1 + random.NextDouble(), 20 + random.NextDouble() },
        OutDir = o.String("out", "out/lorenz63"),
        Dt = o.Double("dt", 0.01),
        Steps = o.Int("steps", 500),
        Noise = 0.5,
        Discretization = Discretization.HermiteSimpson,
        Rf0 = rf0,
        Alpha = 1.5,
        BetaMax = 60,
        Paths = 4,
        Optimizer = MinimizerKind.LbfgsB,
        PredictionSteps = o.Int("predict", 100),
        ParameterUncertainty = true,
    };
    TwinSettings settings = o.Annealing(standard);
    o.RejectUnknown();
    TwinRunner.Run<Lorenz63>(settings);
    return 0;
});
