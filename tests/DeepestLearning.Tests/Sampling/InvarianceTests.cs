using System;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Sampling;

/// <summary>
/// The sampler leaves its target invariant: on a 2-D Gaussian with correlation 0.9 the squared Mahalanobis radius
/// r² = (x − μ)ᵀ Q (x − μ) of the draws must be χ²₂-distributed, i.e. exp(−r²/2) uniform on (0, 1); a χ² test over ten
/// equiprobable bins checks it. Draws of a Markov chain are not independent, so the statistic is scaled by ESS / N
/// (the effective number of independent draws of r²), and compared with the 0.999 quantile of χ²₉ (27.88).
/// </summary>
/// <remarks>
/// With box bounds at the mean (both coordinates ≥ μ) the target is the Gaussian truncated to a quadrant whose corner is the
/// centre: every elliptical shell around μ loses the same share of its mass, so r² is still χ²₂ — the same test then checks
/// that the reflections keep the target, for the diagonal mass (pᵢ → −pᵢ) and for the Hessian mass (the reflection in M⁻¹).
/// </remarks>
public class InvarianceTests(ITestOutputHelper output)
{
    private const double Chi2Quantile999Df9 = 27.877;

    [Theory]
    [InlineData(MassMatrixKind.Diagonal, false)]
    [InlineData(MassMatrixKind.Hessian, false)]
    [InlineData(MassMatrixKind.Diagonal, true)]
    [InlineData(MassMatrixKind.Hessian, true)]
    public void TheSamplerLeavesACorrelatedGaussianInvariant(MassMatrixKind kind, bool bounded)
    {
        const double mu = 0.3;
        var problem = SamplingProblems.CorrelatedPair(mu, bounded ? mu : -100);
        double[] start = { mu + 0.1, mu + 0.2 };
        SamplingResult result = HamiltonianSampler.Sample(problem, new[] { start }, SamplingProblems.PairModelPrecision,
            new HamiltonianSamplerOptions { Chains = 4, Warmup = 200, Draws = 5000, Seed = 3, Mass = kind });

        double[,] q = SamplingProblems.PairPrecision;
        int total = result.Chains * result.DrawsPerChain;
        var radius = new double[total];
        for (int c = 0; c < result.Chains; c++)
        {
            ReadOnlySpan<double> draws = result.ChainDraws(c);
            for (int s = 0; s < result.DrawsPerChain; s++)
            {
                double a = draws[2 * s] - mu, b = draws[2 * s + 1] - mu;
                if (bounded) Assert.True(a >= 0 && b >= 0, $"draw ({a + mu}, {b + mu}) outside the bounds");
                radius[c * result.DrawsPerChain + s] = q[0, 0] * a * a + 2 * q[0, 1] * a * b + q[1, 1] * b * b;
            }
        }
        var counts = new int[10];
        foreach (double r2 in radius) counts[Math.Min(9, (int)(Math.Exp(-r2 / 2) * 10))]++;
        double expected = total / 10.0;
        double chi2 = counts.Sum(k => (k - expected) * (k - expected) / expected);
        double ess = ChainDiagnostics.EffectiveSampleSize(radius, result.Chains);
        double scaled = chi2 * Math.Min(1.0, ess / total);
        output.WriteLine($"{kind}, bounded {bounded}: counts [{string.Join(", ", counts)}], χ² {chi2:F2}, ESS of r² {ess:F0} of {total}, scaled χ² {scaled:F2}; " +
            $"acceptance {result.AcceptanceRate:F3}, steps {result.ChainSummaries.Average(s => s.MeanLeapfrogSteps):F1}, bounces {result.ChainSummaries.Sum(s => s.Bounces)}");
        Assert.True(scaled < Chi2Quantile999Df9, $"χ² = {chi2:F2} (scaled by ESS/N: {scaled:F2}) over bins [{string.Join(", ", counts)}]");
        Assert.True(ess > total / 10.0, $"ESS of r² {ess:F0} of {total}: the chains barely move");
        if (bounded) Assert.True(result.ChainSummaries.Sum(s => s.Bounces) > 100, "the bounds were met");
    }
}
