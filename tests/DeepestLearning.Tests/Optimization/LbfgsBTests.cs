using System;
using Xunit;

namespace DeepestLearning.Tests.Optimization;

public class LbfgsBTests
{
    private static double[] Filled(int n, double v)
    {
        var a = new double[n];
        Array.Fill(a, v);
        return a;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    public void RosenbrockUnbounded(int n)
    {
        var x = Filled(n, -1.2);
        var result = new LbfgsB(new Rosenbrock(n), new LbfgsBOptions { ProjectedGradientTolerance = 1e-8, RelativeReductionTolerance = 0 })
            .Minimize(x, Filled(n, double.NegativeInfinity), Filled(n, double.PositiveInfinity));
        Assert.Equal(ExitReason.ProjectedGradientTolerance, result.Exit);
        foreach (double xi in x) Assert.Equal(1.0, xi, 1e-6);
        Assert.True(result.Value < 1e-12, $"f = {result.Value}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    public void RosenbrockWithActiveUpperBound(int n)
    {
        // Upper bound 0.5 on every variable: the constrained minimum has x₀ … on or near the bound.
        var x = Filled(n, -1.2);
        var upper = Filled(n, 0.5);
        var result = new LbfgsB(new Rosenbrock(n), new LbfgsBOptions { ProjectedGradientTolerance = 1e-9, RelativeReductionTolerance = 0 })
            .Minimize(x, Filled(n, -2.0), upper);
        Assert.True(result.Converged, result.Exit.ToString());
        Assert.True(result.ProjectedGradientNorm <= 1e-9);
        foreach (double xi in x) Assert.InRange(xi, -2.0, 0.5);
        Assert.Contains(x, xi => xi == 0.5); // the bound is active at the solution
        // KKT: every free variable has zero gradient, every bound variable a gradient pointing out of the box.
        var g = new double[n];
        new Rosenbrock(n).Evaluate(x, g);
        for (int i = 0; i < n; i++)
        {
            if (x[i] < 0.5) Assert.True(Math.Abs(g[i]) < 1e-7, $"g[{i}] = {g[i]} at free x = {x[i]}");
            else Assert.True(g[i] <= 1e-9, $"g[{i}] = {g[i]} must be ≤ 0 at the upper bound");
        }
    }

    [Fact]
    public void BoundedQuadraticWithActiveBounds()
    {
        double[] c = { 1, 10, 100, 0.5, 3 };
        double[] t = { 2, -3, 0.5, 4, -0.2 };
        double[] lower = { -1, -1, -1, -1, -1 }, upper = { 1, 1, 1, 1, 1 };
        var x = new double[5];
        var result = new LbfgsB(new Quadratic(c, t)).Minimize(x, lower, upper);
        Assert.True(result.Converged);
        double[] expected = { 1, -1, 0.5, 1, -0.2 };
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], x[i], 6);
    }

    [Fact]
    public void MinimumOnACorner()
    {
        double[] c = { 1, 4, 9 };
        double[] t = { 5, 5, -5 };
        var x = new double[] { 0.1, -0.2, 0.3 };
        var result = new LbfgsB(new Quadratic(c, t)).Minimize(x, new double[] { -1, -1, -1 }, new double[] { 1, 1, 1 });
        Assert.Equal(ExitReason.ProjectedGradientTolerance, result.Exit);
        Assert.Equal(new double[] { 1, 1, -1 }, x);
    }

    [Fact]
    public void IterationsAllocateNothing()
    {
        int n = 100;
        var f = new Rosenbrock(n);
        var minimizer = new LbfgsB(f, new LbfgsBOptions { ProjectedGradientTolerance = 1e-8 });
        var lower = Filled(n, -5.0);
        var upper = Filled(n, 5.0);
        var x = Filled(n, -1.2);
        minimizer.Minimize(x, lower, upper); // warm up
        Array.Fill(x, -1.2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = minimizer.Minimize(x, lower, upper);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(result.Iterations > 20);
    }

    [Fact]
    public void InvertedBoundsNameTheArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => new LbfgsB(new Rosenbrock(2)).Minimize(new double[2], new double[] { 0, 1 }, new double[] { 1, 0 }));
        Assert.Equal("lower", error.ParamName);
        Assert.Contains("index 1", error.Message);
    }
}
