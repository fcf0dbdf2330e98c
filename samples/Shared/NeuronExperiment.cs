using System;
using DeepestLearning.Cli;

namespace DeepestLearning.Samples;

/// <summary>
/// The NaKL neuron twin experiment as the neuron sample and the stress battery both run it:
/// V measured with σ = 1 mV every Δt = 0.02 ms, the 19 true parameters and their box, a
/// physiological state box, 40 ms of spin-up at rest, Hermite–Simpson, trust-region Newton,
/// α = 2 and two starts (one per core). R_f0, β_max and the kind of start are the library's
/// automatic choices unless a caller overrides them.
/// </summary>
public static class NeuronExperiment
{
    public static readonly double[] TrueParameters = { 120, 50, 20, -77, 0.3, -54, 1, -40, 0.06, 0.1, 0.4, -60, -0.07, 1, 7, -55, 0.03, 1, 5 };
    public static readonly double[] ParameterLower = { 50, 30, 5, -100, 0.05, -80, 0.5, -60, 0.02, 0.05, 0.1, -80, -0.15, 0.5, 2, -75, 0.01, 0.5, 2 };
    public static readonly double[] ParameterUpper = { 200, 70, 40, -50, 1.0, -30, 2.0, -20, 0.15, 0.5, 1.0, -40, -0.02, 3, 12, -35, 0.08, 3, 12 };

    /// <summary>
    /// The default settings for <paramref name="steps"/> + <paramref name="predict"/> points of
    /// <paramref name="stimulus"/>; <paramref name="parameterNames"/> come from the model declaration.
    /// </summary>
    public static TwinSettings Settings(string[] parameterNames, double[] stimulus, int steps, int predict, double dt, string outDir) => new()
    {
        ModelName = "NaKL",
        ParameterNames = parameterNames,
        TrueParameters = TrueParameters,
        ParameterLower = ParameterLower,
        ParameterUpper = ParameterUpper,
        StateLower = new[] { -120.0, 0, 0, 0 },
        StateUpper = new[] { 60.0, 1, 1, 1 },
        Observed = new[] { 0 },
        InitialState = random => new[] { -65 + random.NextDouble(), 0.05, 0.6, 0.3 },
        SpinUpSteps = 2000, // 40 ms at rest without current
        OutDir = outDir,
        Dt = dt,
        Steps = steps,
        Noise = 1.0,
        Discretization = Discretization.HermiteSimpson,
        Rf0 = null,
        Starts = StartKind.Automatic,
        Alpha = 2.0,
        BetaMax = null,
        Paths = 2, // one per core; see docs/results.md on path diversity
        Seed = 1,
        Threads = Environment.ProcessorCount,
        Minimizer = TwinSettings.HostMinimizer(MinimizerKind.Automatic),
        PredictionSteps = predict,
        Stimulus = stimulus,
        ParameterUncertainty = true,
    };
}
