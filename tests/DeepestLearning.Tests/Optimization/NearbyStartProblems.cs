using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Optimization;

/// <summary>
/// Twin problems with a start near the truth, shared by the second-order minimizer tests
/// (Newton, IPOPT): Lorenz96 and the NaKL neuron with its stimulus.
/// </summary>
internal static class NearbyStartProblems
{
    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    /// <summary>The action at model precisions <paramref name="rf"/> and the packed box of a problem.</summary>
    public static (ActionFunction<TModel> Action, double[] Lower, double[] Upper) Prepare<TModel>(AssimilationProblem<TModel> problem, double[]? rf = null)
        where TModel : IDynamicalModel<TModel>
    {
        var lower = new double[problem.VariableCount];
        var upper = new double[problem.VariableCount];
        problem.PackedBounds(lower, upper);
        var action = new ActionFunction<TModel>(problem);
        if (rf is not null) action.SetModelPrecision(rf);
        return (action, lower, upper);
    }

    public static (AssimilationProblem<Lorenz96D10> Problem, double[] Start, double[] Rf, string Name) Lorenz96()
    {
        const int d = 10, steps = 100;
        var random = new Random(5);
        double[] x0 = TwinExperiment.SpinUp<Lorenz96D10>(Enumerable.Range(0, d).Select(_ => 8.17 + random.NextDouble() - 0.5).ToArray(), new[] { 8.17 }, 0.025, 1000);
        double[] truth = TwinExperiment.Integrate<Lorenz96D10>(x0, new[] { 8.17 }, 0.025, steps);
        int[] observed = { 0, 1, 3, 5, 6, 8 };
        Observations data = TwinExperiment.Observe(truth, d, steps, observed, 1, 0.5, random);
        var problem = new AssimilationProblem<Lorenz96D10>(steps, 0.025, Discretization.Trapezoid, data, Filled(observed.Length, 4.0),
            Filled(d, -15), Filled(d, 15), new[] { 0.0 }, new[] { 20.0 });
        var start = new double[problem.VariableCount];
        for (int i = 0; i < truth.Length; i++) start[i] = truth[i] + 0.05 * TwinExperiment.Gaussian(random);
        start[^1] = 8.0;
        return (problem, start, Filled(d, 100.0), "Lorenz96 D=10, N=100, R_f=100");
    }

    public static (AssimilationProblem<NaKLNeuron> Problem, double[] Start, double[] Rf, string Name) Neuron()
    {
        const int steps = 400;
        double dt = 0.02;
        double[] p = { 120, 50, 20, -77, 0.3, -54, 1, -40, 0.06, 0.1, 0.4, -60, -0.07, 1, 7, -55, 0.03, 1, 5 };
        var stimulus = new double[steps + 1];
        for (int k = 0; k <= steps; k++) stimulus[k] = 8 + 6 * Math.Sin(k * dt / 1.3);
        double[] truth = TwinExperiment.Integrate<NaKLNeuron>(new[] { -65, 0.05, 0.6, 0.3 }, p, dt, steps, stimulus);
        var random = new Random(3);
        Observations data = TwinExperiment.Observe(truth, 4, steps, new[] { 0 }, 1, 1.0, random);
        double[] lower = p.Select(v => Math.Min(0.5 * v, 1.5 * v)).ToArray(), upper = p.Select(v => Math.Max(0.5 * v, 1.5 * v)).ToArray();
        var problem = new AssimilationProblem<NaKLNeuron>(steps, dt, Discretization.HermiteSimpson, data, new[] { 1.0 },
            new[] { -120.0, 0, 0, 0 }, new[] { 60.0, 1, 1, 1 }, lower, upper, null, null, stimulus);
        var start = new double[problem.VariableCount];
        problem.Pack(truth, p, start); // the true path, midpoints consistent with it
        for (int k = 0; k < 19; k++) start[problem.ParameterOffset + k] = p[k] * (1 + 0.002 * TwinExperiment.Gaussian(random));
        return (problem, start, new[] { 10.0, 1e3, 1e3, 1e3 }, "NaKL neuron, N=400, Hermite–Simpson, R_f = (10, 1e3, 1e3, 1e3)");
    }
}
