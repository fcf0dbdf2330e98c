using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DeepestLearning.Cli;
using DeepestLearning.SampleModels;
using DeepestLearning.Samples;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// "laplace-coverage [seeds] [discretizations]": the Lorenz96 sample's experiment (D = 20, 12 of 20 observed,
/// σ = 0.5, N = 160, F estimated, 4 starts) run through the host for each seed and discretization, and
/// how often the truth lies within the ±2σ Laplace band (docs/uncertainty.md). Prints one row per run:
/// the formulation used, the coverage of the observed and unobserved components, the Laplace and
/// Cramér–Rao spreads of F and its error, the time of the marginals alone.
/// </summary>
public static class LaplaceCoverageCommand
{
    private static readonly int[] Observed = { 0, 1, 3, 5, 6, 8, 10, 11, 13, 15, 16, 18 };

    public static int Run(string[] args)
    {
        int seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        Discretization[] rules = args.Length > 1
            ? args[1].Split(',').Select(name => Enum.Parse<Discretization>(name, ignoreCase: true)).ToArray()
            : new[] { Discretization.Trapezoid, Discretization.RungeKutta4, Discretization.HermiteSimpson };
        string root = Path.Combine(Path.GetTempPath(), "laplace-coverage");
        Console.WriteLine("| discretization | seed | formulation | truth within ±2σ: observed | unobserved | F | σ_F Laplace | σ_F Cramér–Rao | F error / σ_F | marginals time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (Discretization rule in rules)
        {
            var unobservedShares = new System.Collections.Generic.List<double>();
            for (int seed = 1; seed <= seeds; seed++)
            {
                TwinSettings settings = Lorenz96Experiment.Settings(20, Observed, 0.025, 160, 0.5, 4, Path.Combine(root, $"{rule}-{seed}")) with
                {
                    Seed = seed, Discretization = rule, Quiet = true,
                };
                TwinSummary summary = TwinRunner.Run<Lorenz96D20>(settings);
                PathMarginals marginals = summary.Marginals ?? throw new InvalidOperationException("no marginals");
                (double observed, double? unobserved) = summary.TruthWithinTwoSigma ?? (double.NaN, null);
                unobservedShares.Add(unobserved ?? double.NaN);
                double f = summary.BestParameters[0], laplace = marginals.ParameterStd()[0], cramerRao = summary.ParameterStd?[0] ?? double.NaN;

                // The marginals alone, timed again on the finished result's numbers (the host computed them once already).
                var problem = new AssimilationProblem<Lorenz96D20>(settings.Steps, settings.Dt, rule, summary.Observations!, Enumerable.Repeat(4.0, Observed.Length).ToArray(),
                    settings.StateLower, settings.StateUpper, settings.ParameterLower, settings.ParameterUpper);
                var packed = new double[problem.VariableCount];
                problem.Pack(summary.Estimate, summary.BestParameters, packed);
                var clock = Stopwatch.StartNew();
                PathMarginals again = PathMarginals.Compute(problem, packed, RfOf(marginals, summary));
                clock.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {rule} | {seed} | {marginals.FormulationName} | {observed:P1} | {unobserved:P1} | {f:F4} | {laplace:G3} | {cramerRao:G3} | {(f - Lorenz96Experiment.TrueForcing) / laplace:F1} | {clock.Elapsed.TotalMilliseconds:F1} ms ({again.FormulationName}) |"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {rule} | all | | | mean {unobservedShares.Average():P1}, min {unobservedShares.Min():P1} | | | | | |"));
        }
        return 0;
    }

    /// <summary>The R_f the host's marginals used (the last level's), or a large one when they came from the strong-constraint limit.</summary>
    private static double[] RfOf(PathMarginals marginals, TwinSummary summary) =>
        marginals.ModelPrecision.Length > 0 ? marginals.ModelPrecision : summary.Rf0.Select(r => r * 1e12).ToArray();
}
