using System;
using System.Linq;
using Xunit;

namespace DeepestLearning.Tests.Sampling;

/// <summary>R̂ and ESS on chains whose answers are known: independent draws, an AR(1) process, and chains that disagree.</summary>
public class ChainDiagnosticsTests
{
    private static double[] Ar1(double rho, int chains, int n, int seed, Func<int, double>? offset = null)
    {
        var random = new ChainRandom(seed, 0);
        var x = new double[chains * n];
        for (int c = 0; c < chains; c++)
        {
            double v = random.Normal();
            for (int s = 0; s < n; s++)
            {
                v = rho * v + Math.Sqrt(1 - rho * rho) * random.Normal();
                x[c * n + s] = v + (offset?.Invoke(c) ?? 0);
            }
        }
        return x;
    }

    [Fact]
    public void IndependentDrawsHaveAnEffectiveSampleSizeNearTheirNumber()
    {
        double[] x = Ar1(0, 4, 2000, 1);
        double ess = ChainDiagnostics.EffectiveSampleSize(x, 4);
        Assert.InRange(ess / 8000, 0.85, 1.15);
        Assert.InRange(ChainDiagnostics.SplitRhat(x, 4), 0.99, 1.01);
    }

    /// <summary>AR(1) with ρ = 0.8: τ = (1 + ρ)/(1 − ρ) = 9, so ESS ≈ N / 9.</summary>
    [Fact]
    public void AnAutoregressiveChainHasTheKnownEffectiveSampleSize()
    {
        double[] x = Ar1(0.8, 4, 5000, 2);
        double ess = ChainDiagnostics.EffectiveSampleSize(x, 4);
        Assert.InRange(ess / (20000 / 9.0), 0.8, 1.2);
    }

    [Fact]
    public void ChainsThatDisagreeHaveALargeRhat()
    {
        double[] x = Ar1(0.5, 4, 500, 3, c => c == 3 ? 2.0 : 0.0);
        Assert.True(ChainDiagnostics.SplitRhat(x, 4) > 1.2);
        double[] drifting = Enumerable.Range(0, 2000).Select(i => i / 500.0 + Math.Sin(i)).ToArray();
        Assert.True(ChainDiagnostics.SplitRhat(drifting, 1) > 1.5, "a drifting chain's halves disagree");
        Assert.True(double.IsNaN(ChainDiagnostics.SplitRhat(new double[40], 2)));
    }
}
