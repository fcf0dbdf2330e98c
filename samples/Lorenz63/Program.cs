using System;
using DeepestLearning;
using DeepestLearning.Cli;
using DeepestLearning.SampleModels;

// Lorenz63: estimate σ, ρ, β from noisy observations of x only, by precision annealing.
// R_f0 is 1e-2 for every component unless "--rf0 auto" asks the library to choose (AutomaticPrecision).
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
    OutDir = "out/lorenz63",
    Dt = 0.01,
    Steps = 500,
    Noise = 0.5,
    Discretization = Discretization.HermiteSimpson,
    Rf0 = new[] { 1e-2, 1e-2, 1e-2 },
    Alpha = 1.5,
    BetaMax = 60,
    Paths = 4,
    PredictionSteps = 100,
    ParameterUncertainty = true,
};
return AssimilationApp.Run<Lorenz63>(args, defaults);
