using System;
using DeepestLearning.Tests.Derivatives;
using Xunit;

namespace DeepestLearning.Tests.LinearAlgebra;

public class DenseLuTests
{
    /// <summary>Random nonsymmetric systems that need row interchanges are solved to round-off.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public void Solves_random_systems_with_pivoting(int n)
    {
        var random = new Random(n);
        var lu = new DenseLu(n);
        double[] a = ModelPoint.Uniform(random, n * n, -1, 1);
        for (int i = 0; i < n; i++) a[i * n + i] *= 1e-3; // small diagonal: pivoting is needed
        a.CopyTo(lu.Matrix);
        Assert.True(lu.Factor());
        double[] x = ModelPoint.Uniform(random, n, -1, 1);
        var b = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) b[i] += a[i * n + j] * x[j];
        lu.Solve(b);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(b[i] - x[i]) <= 1e-10 * (1 + Math.Abs(x[i])), $"x[{i}] = {b[i]:R}, expected {x[i]:R}");
    }

    [Fact]
    public void Reports_a_singular_matrix()
    {
        var lu = new DenseLu(2);
        new double[] { 1, 2, 2, 4 }.CopyTo(lu.Matrix);
        Assert.False(lu.Factor());
    }
}
