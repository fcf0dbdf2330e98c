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
    double rf0 = o.Double("rf0", 1e-2);
    var settings = new TwinSettings
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
        DataFile = o.Optional("data"),
        Dt = o.Double("dt", 0.01),
        Steps = o.Int("steps", 500),
        DataEvery = o.Int("data-every", 1),
        Noise = o.Double("noise", 0.5),
        Discretization = o.Discretization("discretization", Discretization.HermiteSimpson),
        Rf0 = Enumerable.Repeat(rf0, 3).ToArray(),
        Alpha = o.Double("alpha", 1.5),
        BetaMax = o.Int("beta-max", 60),
        Paths = o.Int("paths", 4),
        Seed = o.Int("seed", 1),
        Threads = o.Int("threads", Environment.ProcessorCount),
        Optimizer = o.Optimizer("optimizer", MinimizerKind.LbfgsB),
        PredictionSteps = o.Int("predict", 100),
        ParameterUncertainty = true,
    };
    o.RejectUnknown();
    TwinRunner.Run<Lorenz63>(settings);
    return 0;
});
