using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// L-BFGS-B, trust-region Newton and IPOPT on the same problems from the same start, in one
/// process: Lorenz96 (D = 20, N = 160, trapezoid, the main job's setup at R_f = 100) and the NaKL
/// neuron (N = 6000, Δt = 0.02 ms, Hermite–Simpson, 48 023 variables) from a start near the truth.
/// Prints a Markdown table: iterations, evaluations, Hessians, wall time, final action and
/// projected-gradient norm. Each minimizer runs once (JIT time included; it is small next to these runs).
/// </summary>
public static class MinimizerComparison
{
    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        Console.WriteLine("| problem | minimizer | exit | iterations | f+g evaluations | Hessians | wall time (s) | final action | final ‖proj. grad‖∞ |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Lorenz96(quick);
        Neuron(quick);
        return 0;
    }

    private static void Lorenz96(bool quick)
    {
        const int d = 20, steps = 160;
        var random = new Random(1);
        double[] x0 = TwinExperiment.SpinUp<Lorenz96D20>(Enumerable.Range(0, d).Select(_ => 8.17 + random.NextDouble() - 0.5).ToArray(), new[] { 8.17 }, 0.025, 2000);
        double[] truth = TwinExperiment.Integrate<Lorenz96D20>(x0, new[] { 8.17 }, 0.025, steps);
        int[] observed = { 0, 1, 3, 5, 6, 8, 10, 11, 13, 15, 16, 18 };
        Observations data = TwinExperiment.Observe(truth, d, steps, observed, 1, 0.5, random);
        var problem = new AssimilationProblem<Lorenz96D20>(steps, 0.025, Discretization.Trapezoid, data, Filled(observed.Length, 4.0),
            Filled(d, -15), Filled(d, 15), new[] { 0.0 }, new[] { 20.0 });
        var start = new double[problem.VariableCount];
        for (int i = 0; i < truth.Length; i++) start[i] = truth[i] + 0.1 * TwinExperiment.Gaussian(random);
        start[^1] = 7.5;
        Compare("Lorenz96 D=20, N=160", problem, start, Filled(d, 100.0), quick);
    }

    private static void Neuron(bool quick)
    {
        int steps = quick ? 1000 : 6000;
        double dt = 0.02;
        double[] p = { 120, 50, 20, -77, 0.3, -54, 1, -40, 0.06, 0.1, 0.4, -60, -0.07, 1, 7, -55, 0.03, 1, 5 };
        double[] lower = { 50, 30, 5, -100, 0.05, -80, 0.5, -60, 0.02, 0.05, 0.1, -80, -0.15, 0.5, 2, -75, 0.01, 0.5, 2 };
        double[] upper = { 200, 70, 40, -50, 1.0, -30, 2.0, -20, 0.15, 0.5, 1.0, -40, -0.02, 3, 12, -35, 0.08, 3, 12 };
        double[] stimulus = NeuronStimulus(steps + 1, dt);
        double[] truth = TwinExperiment.Integrate<NaKLNeuron>(new[] { -65, 0.05, 0.6, 0.3 }, p, dt, steps, stimulus);
        var random = new Random(3);
        Observations data = TwinExperiment.Observe(truth, 4, steps, new[] { 0 }, 1, 1.0, random);
        var problem = new AssimilationProblem<NaKLNeuron>(steps, dt, Discretization.HermiteSimpson, data, new[] { 1.0 },
            new[] { -120.0, 0, 0, 0 }, new[] { 60.0, 1, 1, 1 }, lower, upper, null, null, stimulus);
        var start = new double[problem.VariableCount];
        problem.Pack(truth, p, start); // the true path, midpoints consistent with it
        for (int k = 0; k < 19; k++) start[problem.ParameterOffset + k] = p[k] * (1 + 0.01 * TwinExperiment.Gaussian(random));
        Compare($"NaKL neuron N={steps}", problem, start, new[] { 1e2, 1e4, 1e4, 1e4 }, quick);
    }

    /// <summary>A smooth irregular current: two incommensurate sines over a baseline, enough to fire irregularly.</summary>
    private static double[] NeuronStimulus(int points, double dt)
    {
        var current = new double[points];
        for (int k = 0; k < points; k++) current[k] = 6 + 4 * Math.Sin(k * dt / 7.0) + 3 * Math.Sin(k * dt / 2.3);
        return current;
    }

    private static void Compare<TModel>(string name, AssimilationProblem<TModel> problem, double[] start, double[] rf, bool quick) where TModel : IDynamicalModel<TModel>
    {
        int n = problem.VariableCount;
        var lower = new double[n];
        var upper = new double[n];
        problem.PackedBounds(lower, upper);
        var minimizers = new (string Name, MinimizerOptions Options)[]
        {
            ("L-BFGS-B", new LbfgsBOptions { ProjectedGradientTolerance = 1e-8, RelativeReductionTolerance = 1e-12, MaxIterations = quick ? 2000 : 20_000, MaxEvaluations = quick ? 2500 : 25_000 }),
            ("trust-region Newton", new TrustRegionNewtonOptions { ProjectedGradientTolerance = 1e-8, RelativeReductionTolerance = 1e-12 }),
            ("IPOPT", new IpoptOptions { Tolerance = 1e-8 }),
        };
        foreach ((string label, MinimizerOptions options) in minimizers)
        {
            if (label == "IPOPT" && !IpoptMinimizer.IsAvailable)
            {
                Console.WriteLine($"| {name} | {label} | libipopt.so.1 not installed | | | | | | |");
                continue;
            }
            var action = new ActionFunction<TModel>(problem);
            action.SetModelPrecision(rf);
            double[] x = (double[])start.Clone();
            IBoundedMinimizer minimizer = options.Create(action);
            var watch = Stopwatch.StartNew();
            MinimizerResult result = minimizer.Minimize(x, lower, upper);
            double seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {label} | {result.Exit} | {result.Iterations} | {result.Evaluations} | {result.HessianEvaluations} | {seconds:F2} | {result.Value:F8} | {result.ProjectedGradientNorm:E2} |"));
        }
    }

    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();
}
