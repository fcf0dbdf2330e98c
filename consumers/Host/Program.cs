using DeepestLearning;
using DeepestLearning.Cli;
using HostConsumer;

// The model's description and defaults; every option (--help lists them) overrides them.
var defaults = new TwinSettings
{
    ModelName = "Lorenz63",
    ParameterNames = new[] { "sigma", "rho", "beta" },
    TrueParameters = new[] { 10.0, 28.0, 8.0 / 3.0 },
    ParameterLower = new[] { 1.0, 10.0, 0.5 },
    ParameterUpper = new[] { 20.0, 40.0, 5.0 },
    StateLower = new[] { -30.0, -40.0, 0.0 },
    StateUpper = new[] { 30.0, 40.0, 60.0 },
    Observed = new[] { 0 },
    InitialState = random => new[] { 1 + random.NextDouble(), 1 + random.NextDouble(), 20 + random.NextDouble() },
    Dt = 0.01,
    Steps = 200,
    Discretization = Discretization.HermiteSimpson,
    Rf0 = new[] { 1e-2, 1e-2, 1e-2 },
    BetaMax = 20,
    OutDir = "out/lorenz63",
    ParameterUncertainty = true,
};
return AssimilationApp.Run<Lorenz63>(args, defaults);
