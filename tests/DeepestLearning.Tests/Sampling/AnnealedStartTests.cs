using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Sampling;

/// <summary>From an annealing: the sampled R_f is that of the chosen level, the chains start from the annealed paths, and a level outside the run is refused.</summary>
public class AnnealedStartTests
{
    [Fact]
    public void TheSamplerRunsAtTheChosenLevelOfAnAnnealing()
    {
        AssimilationProblem<LinearGaussian> problem = SamplingProblems.LinearGaussian(Discretization.RungeKutta4, steps: 20);
        AnnealingResult<LinearGaussian> result = PrecisionAnnealing.Run(problem, new AnnealingOptions
        {
            Rf0 = new[] { 0.5, 0.5, 0.5 }, Alpha = 2, BetaMax = 8, StopAtPlateau = false, Paths = 2, Verdict = false,
        });
        var options = new HamiltonianSamplerOptions { Chains = 2, Warmup = 50, Draws = 100, Beta = 6 };
        SamplingResult samples = HamiltonianSampler.Sample(result, options);
        Assert.Equal(new[] { 32.0, 32.0, 32.0 }, samples.ModelPrecision);
        Assert.Equal(2, samples.Chains);

        // At the last level by default; the mean path lies near the annealed one (a Gaussian posterior's mean is its mode).
        SamplingResult last = HamiltonianSampler.Sample(result, new HamiltonianSamplerOptions { Chains = 2, Warmup = 50, Draws = 200 });
        Assert.Equal(128.0, last.ModelPrecision[0]);
        double worst = 0;
        for (int i = 0; i < problem.VariableCount; i++) worst = Math.Max(worst, Math.Abs(last.Mean[i] - result.Best[i]) / last.Std[i]);
        Assert.True(worst < 1.0, $"the mean path is {worst:F2} posterior sd from the annealed minimum");

        Assert.Throws<ArgumentException>("options", () => HamiltonianSampler.Sample(result, new HamiltonianSamplerOptions { Beta = 9 }));
    }
}
