using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// "sampler [seeds] [discretization] [draws] [mass] [beta]": the Lorenz96 experiment of the Laplace tests (D = 20, components
/// 0,1,3,5,6,8,10,11,13,15,16,18 observed, σ = 0.5, Δt = 0.025, N = 160, F = 8.17 estimated, 2 starts, the library's automatic
/// annealing, or annealed up to the level <c>beta</c> when it is given) for each seed, then the Hamiltonian sampler at the last level
/// and the Laplace marginals at the same path and R_f. Prints one row per seed: the R_f sampled, the Laplace formulation, σ_F from both and their ratio,
/// the sampler's acceptance, step size, leapfrog steps, R̂, ESS, time and gradients per effective sample, and how often the truth
/// of the unobserved components lies within ±2σ of the sampler's mean (and of the Laplace band around the estimate).
/// </summary>
public static class SamplerCommand
{
    private static readonly int[] Observed = { 0, 1, 3, 5, 6, 8, 10, 11, 13, 15, 16, 18 };

    public static int Run(string[] args)
    {
        int seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        Discretization rule = args.Length > 1 ? Enum.Parse<Discretization>(args[1], ignoreCase: true) : Discretization.RungeKutta4;
        int draws = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        MassMatrixKind mass = args.Length > 3 ? Enum.Parse<MassMatrixKind>(args[3], ignoreCase: true) : MassMatrixKind.Automatic;
        int? betaMax = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : null;
        Console.WriteLine($"Lorenz96 D = 20, 12 of 20 observed, {rule}, 4 chains × (300 warm-up + {draws}) draws, mass {mass}, β = {(betaMax is null ? "the automatic last level" : betaMax.ToString())}");
        Console.WriteLine("| seed | β (R_f/R_m) | Laplace | F estimate | F sampler mean | σ_F Laplace | σ_F sampler | ratio | acceptance | ε | steps | max R̂ | median R̂ | R̂ F | min ESS | median ESS | ESS F | s per ESS | gradients per ESS | unobserved truth within ±2σ: sampler | Laplace | sampling time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int seed = 1; seed <= seeds; seed++) RunSeed(seed, rule, draws, mass, betaMax);
        return 0;
    }

    private static void RunSeed(int seed, Discretization rule, int draws, MassMatrixKind mass, int? betaMax)
    {
        const int d = 20, steps = 160;
        const double dt = 0.025, noise = 0.5, forcing = 8.17;
        var random = new Random(seed);
        double[] x0 = TwinExperiment.SpinUp<Lorenz96D20>(Enumerable.Range(0, d).Select(_ => forcing + random.NextDouble() - 0.5).ToArray(), new[] { forcing }, dt, 2000);
        double[] truth = TwinExperiment.Integrate<Lorenz96D20>(x0, new[] { forcing }, dt, steps);
        Observations observations = TwinExperiment.Observe(truth, d, steps, Observed, 1, noise, random);
        var problem = new AssimilationProblem<Lorenz96D20>(steps, dt, rule, observations, Enumerable.Repeat(1 / (noise * noise), Observed.Length).ToArray(),
            Enumerable.Repeat(-15.0, d).ToArray(), Enumerable.Repeat(15.0, d).ToArray(), new[] { 0.0 }, new[] { 20.0 });
        AnnealingResult<Lorenz96D20> result = PrecisionAnnealing.Run(problem, betaMax is { } top
            ? new AnnealingOptions { Paths = 2, Seed = seed, Verdict = false, BetaMax = top, StopAtPlateau = false }
            : new AnnealingOptions { Paths = 2, Seed = seed, Verdict = false });
        int beta = result.Levels[^1].Beta;
        double[] rf = result.Rf0.Select(r => r * Math.Pow(result.Options.Alpha, beta)).ToArray();

        PathMarginals laplace = PathMarginals.Compute(result);
        var options = new HamiltonianSamplerOptions { Chains = 4, Warmup = 300, Draws = draws, Seed = seed, Mass = mass, Threads = 2 };
        SamplingResult samples = HamiltonianSampler.Sample(result, options);

        int offset = problem.ParameterOffset;
        int[] unobserved = Enumerable.Range(0, d).Except(Observed).ToArray();
        int insideSampler = 0, insideLaplace = 0, total = 0;
        for (int n = 0; n <= steps; n++)
            foreach (int a in unobserved)
            {
                int i = n * d + a;
                total++;
                if (Math.Abs(samples.Mean[i] - truth[i]) <= 2 * samples.Std[i]) insideSampler++;
                if (Math.Abs(result.Best[i] - truth[i]) <= 2 * laplace.StateStd(n, a)) insideLaplace++;
            }
        double minEss = samples.MinEffectiveSampleSize, seconds = samples.Elapsed.TotalSeconds;
        double fLaplace = laplace.ParameterStd()[0], fSampler = samples.Std[offset];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {seed} | {beta} ({rf[0] / 4:G2}) | {laplace.FormulationName} | {result.Best[offset]:F4} | {samples.Mean[offset]:F4} | {fLaplace:G3} | {fSampler:G3} | {fSampler / fLaplace:F3} | " +
            $"{samples.AcceptanceRate:F2} | {samples.ChainSummaries.Average(s => s.StepSize):G3} | {samples.ChainSummaries.Average(s => s.MeanLeapfrogSteps):F1} | {samples.MaxRhat:F3} | {Median(samples.Rhat):F3} | {samples.Rhat[offset]:F3} | {minEss:F0} | {Median(samples.EffectiveSampleSize):F0} | {samples.EffectiveSampleSize[offset]:F0} | " +
            $"{seconds / minEss * 1e3:F1} ms | {samples.GradientEvaluations / minEss:F0} | {(double)insideSampler / total:P1} | {(double)insideLaplace / total:P1} | {seconds:F1} s |"));
        Console.WriteLine($"seed {seed}: {samples.ChainSummaries[0].MassExplanation}; divergences {samples.ChainSummaries.Sum(s => s.Divergences)}, bounces {samples.ChainSummaries.Sum(s => s.Bounces)}; Laplace: {laplace.Explanation}");
    }

    private static double Median(ReadOnlySpan<double> values)
    {
        double[] sorted = values.ToArray().Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
