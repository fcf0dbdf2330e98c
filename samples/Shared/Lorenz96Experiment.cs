using System;
using DeepestLearning.Cli;
using System.Linq;

namespace DeepestLearning.Samples;

/// <summary>
/// The Lorenz96 twin experiment as the Lorenz96 sample and the stress battery both run it:
/// F = 8.17 unknown in [0, 20], states in ±15, the truth spun up from near the fixed point, the
/// trapezoid action, L-BFGS-B, α = 1.5; R_f0, β_max and the kind of start are the library's
/// automatic choices unless a caller overrides them.
/// </summary>
public static class Lorenz96Experiment
{
    public const double TrueForcing = 8.17;

    public static TwinSettings Settings(int states, int[] observed, double dt, int steps, double noise, int paths, string outDir) => new()
    {
        ModelName = "Lorenz96",
        ParameterNames = new[] { "F" },
        TrueParameters = new[] { TrueForcing },
        ParameterLower = new[] { 0.0 },
        ParameterUpper = new[] { 20.0 },
        StateLower = Enumerable.Repeat(-15.0, states).ToArray(),
        StateUpper = Enumerable.Repeat(15.0, states).ToArray(),
        Observed = observed,
        InitialState = random => Enumerable.Range(0, states).Select(_ => TrueForcing + (random.NextDouble() - 0.5)).ToArray(),
        ParameterUncertainty = true,
        OutDir = outDir,
        Dt = dt,
        Steps = steps,
        Noise = noise,
        Discretization = Discretization.Trapezoid,
        Rf0 = null,
        Starts = StartKind.Automatic,
        Alpha = 1.5,
        BetaMax = null,
        Paths = paths,
        Minimizer = TwinSettings.HostMinimizer(MinimizerKind.Automatic),
        PredictionSteps = 80,
    };
}
