using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Sampling;

/// <summary>Same seed, same draws — bit for bit, with one thread or two; another seed, other draws. Bad arguments are refused by name.</summary>
public class DeterminismTests
{
    private static SamplingResult Run(int seed, int threads, MassMatrixKind kind = MassMatrixKind.Automatic)
    {
        AssimilationProblem<LinearGaussian> problem = SamplingProblems.LinearGaussian(Discretization.RungeKutta4, steps: 20);
        var start = new double[problem.VariableCount];
        return HamiltonianSampler.Sample(problem, new[] { start }, new[] { 30.0, 80.0, 50.0 },
            new HamiltonianSamplerOptions { Chains = 3, Warmup = 30, Draws = 40, Seed = seed, Threads = threads, Mass = kind });
    }

    [Theory]
    [InlineData(MassMatrixKind.Hessian)]
    [InlineData(MassMatrixKind.Diagonal)]
    public void TheSameSeedGivesTheSameDrawsWhateverTheThreadCount(MassMatrixKind kind)
    {
        SamplingResult one = Run(7, 1, kind), again = Run(7, 1, kind), two = Run(7, 2, kind), other = Run(8, 2, kind);
        for (int c = 0; c < one.Chains; c++)
        {
            Assert.True(one.ChainDraws(c).SequenceEqual(again.ChainDraws(c)), $"chain {c}: a second run differs");
            Assert.True(one.ChainDraws(c).SequenceEqual(two.ChainDraws(c)), $"chain {c}: two threads differ from one");
            Assert.False(one.ChainDraws(c).SequenceEqual(other.ChainDraws(c)), $"chain {c}: another seed gave the same draws");
        }
        Assert.True(one.Mean.SequenceEqual(two.Mean));
        Assert.True(one.EffectiveSampleSize.SequenceEqual(two.EffectiveSampleSize));
        Assert.False(one.ChainDraws(0).SequenceEqual(one.ChainDraws(1)), "chains share a stream");
    }

    [Fact]
    public void BadArgumentsAreRefusedByName()
    {
        AssimilationProblem<LinearGaussian> problem = SamplingProblems.LinearGaussian(Discretization.Trapezoid, steps: 10);
        int n = problem.VariableCount;
        double[] rf = { 30.0, 80.0, 50.0 };
        var start = new double[n];
        Assert.Throws<ArgumentException>("starts", () => HamiltonianSampler.Sample(problem, new[] { new double[n - 1] }, rf));
        Assert.Throws<ArgumentException>("starts", () => HamiltonianSampler.Sample(problem, Array.Empty<double[]>(), rf));
        double[] outside = (double[])start.Clone();
        outside[4] = 1000;
        Assert.Throws<ArgumentException>("starts", () => HamiltonianSampler.Sample(problem, new[] { outside }, rf));
        double[] nan = (double[])start.Clone();
        nan[0] = double.NaN;
        Assert.Throws<ArgumentException>("starts", () => HamiltonianSampler.Sample(problem, new[] { nan }, rf));
        Assert.Throws<ArgumentException>("modelPrecision", () => HamiltonianSampler.Sample(problem, new[] { start }, new[] { 1.0, -1, 1 }));
        Assert.Throws<ArgumentException>("modelPrecision", () => HamiltonianSampler.Sample(problem, new[] { start }, new[] { 1.0, 1 }));
        Assert.Throws<ArgumentException>("options", () => HamiltonianSampler.Sample(problem, new[] { start }, rf, new HamiltonianSamplerOptions { Chains = 0 }));
        Assert.Throws<ArgumentException>("options", () => HamiltonianSampler.Sample(problem, new[] { start }, rf, new HamiltonianSamplerOptions { Draws = 2 }));
        Assert.Throws<ArgumentException>("options", () => HamiltonianSampler.Sample(problem, new[] { start }, rf, new HamiltonianSamplerOptions { TargetAcceptance = 1 }));
        Assert.Throws<ArgumentException>("options", () => HamiltonianSampler.Sample(problem, new[] { start }, rf, new HamiltonianSamplerOptions { Mass = (MassMatrixKind)9 }));
        Assert.Throws<ArgumentException>("options", () => HamiltonianSampler.Sample(problem, new[] { start }, rf, new HamiltonianSamplerOptions { MaxStoredValues = 10 }));
        // A start inside the bounds where the action overflows: refused by name from inside the parallel chains, not wrapped.
        var far = new AssimilationProblem<LinearGaussian>(10, 0.1, Discretization.Trapezoid, problem.Observations, new[] { 4.0, 4.0 },
            new[] { -1e300, -1e300, -1e300 }, new[] { 1e300, 1e300, 1e300 }, new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 });
        double[] huge = (double[])start.Clone();
        huge[3] = 1e200;
        Assert.Throws<ArgumentException>("starts", () => HamiltonianSampler.Sample(far, new[] { huge }, rf, new HamiltonianSamplerOptions { DisperseStarts = false }));
        Assert.Throws<ArgumentNullException>("problem", () => HamiltonianSampler.Sample<LinearGaussian>(null!, new[] { start }, rf));
        Assert.Throws<ArgumentException>("draws", () => ChainDiagnostics.SplitRhat(new double[7], 2));
        Assert.Throws<ArgumentException>("chains", () => ChainDiagnostics.EffectiveSampleSize(new double[8], 0));
    }
}
