using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Annealing;

/// <summary>Small twin experiments shared by the annealing tests (truth integrated, noise added, bounds set).</summary>
internal static class TwinProblems
{
    /// <summary>Twin data of a 10-component Lorenz96 (F = 8.17), σ = 0.5, Δt = 0.025, 100 steps.</summary>
    public static AssimilationProblem<Lorenz96D10> Lorenz96(int[] observed)
    {
        var random = new Random(11);
        double[] x0 = TwinExperiment.SpinUp<Lorenz96D10>(Enumerable.Range(0, 10).Select(_ => 8.17 + random.NextDouble() - 0.5).ToArray(), new[] { 8.17 }, 0.025, 2000);
        double[] truth = TwinExperiment.Integrate<Lorenz96D10>(x0, new[] { 8.17 }, 0.025, 100);
        Observations observations = TwinExperiment.Observe(truth, 10, 100, observed, 1, 0.5, random);
        return new AssimilationProblem<Lorenz96D10>(100, 0.025, Discretization.Trapezoid, observations, Enumerable.Repeat(4.0, observed.Length).ToArray(),
            Enumerable.Repeat(-15.0, 10).ToArray(), Enumerable.Repeat(15.0, 10).ToArray(), new[] { 0.0 }, new[] { 20.0 });
    }

    /// <summary>The NaKL neuron's experiment shape (V observed, σ = 1 mV, Δt = 0.02 ms, 6000 steps) under a step current.</summary>
    public static AssimilationProblem<NaKLNeuron> Neuron()
    {
        const int steps = 6000;
        double[] truth = { 120, 50, 20, -77, 0.3, -54, 1, -40, 0.06, 0.1, 0.4, -60, -0.07, 1, 7, -55, 0.03, 1, 5 };
        double[] stimulus = Enumerable.Range(0, steps + 1).Select(k => k * 0.02 % 20 < 10 ? 12.0 : -3.0).ToArray();
        double[] path = TwinExperiment.Integrate<NaKLNeuron>(new[] { -65.0, 0.05, 0.6, 0.3 }, truth, 0.02, steps, stimulus);
        Observations observations = TwinExperiment.Observe(path, 4, steps, new[] { 0 }, 1, 1.0, new Random(5));
        return new AssimilationProblem<NaKLNeuron>(steps, 0.02, Discretization.HermiteSimpson, observations, new[] { 1.0 },
            new[] { -120.0, 0, 0, 0 }, new[] { 60.0, 1, 1, 1 },
            new[] { 50, 30, 5, -100, 0.05, -80, 0.5, -60, 0.02, 0.05, 0.1, -80, -0.15, 0.5, 2, -75, 0.01, 0.5, 2 },
            new[] { 200, 70, 40, -50, 1.0, -30, 2.0, -20, 0.15, 0.5, 1.0, -40, -0.02, 3, 12, -35, 0.08, 3, 12.0 }, stimulus: stimulus);
    }
}
