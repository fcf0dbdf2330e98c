using System;
using Xunit;

namespace DeepestLearning.Tests.LinearAlgebra;

/// <summary>
/// The SIMD vector kernels (used by the minimizers and the factorizations) against plain scalar loops. Lengths are odd so the scalar
/// tails run too; some variables sit on their bounds with gradients pointing in and out.
/// </summary>
public class VectorMathTests
{
    private const int N = 37;

    private static (double[] X, double[] G, double[] L, double[] U, double[] D) Data(int seed)
    {
        var r = new Random(seed);
        double[] x = new double[N], g = new double[N], l = new double[N], u = new double[N], d = new double[N];
        for (int i = 0; i < N; i++)
        {
            l[i] = -1 - r.NextDouble();
            u[i] = 1 + r.NextDouble();
            x[i] = (i % 5) switch { 0 => l[i], 1 => u[i], _ => l[i] + (u[i] - l[i]) * r.NextDouble() };
            g[i] = r.NextDouble() - 0.5;
            d[i] = i % 7 == 3 ? 0.0 : r.NextDouble() - 0.5;
        }
        return (x, g, l, u, d);
    }

    /// <summary>The fused four-way update equals four scaled additions (to round-off: the sums are grouped differently).</summary>
    [Fact]
    public void AddScaled4EqualsFourScaledAdditions()
    {
        (double[] x0, double[] x1, double[] x2, double[] x3, double[] y) = Data(5);
        double[] expected = (double[])y.Clone();
        VectorMath.AddScaled(expected, 0.3, x0);
        VectorMath.AddScaled(expected, -1.7, x1);
        VectorMath.AddScaled(expected, 2.5, x2);
        VectorMath.AddScaled(expected, -0.4, x3);
        VectorMath.AddScaled4(y, 0.3, x0, -1.7, x1, 2.5, x2, -0.4, x3);
        for (int i = 0; i < N; i++) Assert.Equal(expected[i], y[i], 1e-14);
    }

    [Fact]
    public void ProjectedGradientNormAndFreeMaskMatchScalarDefinitions()
    {
        (double[] x, double[] g, double[] l, double[] u, _) = Data(1);
        var free = new double[N];
        double norm = VectorMath.ProjectedGradientNorm(x, g, l, u, free, out bool allFree);
        double expected = 0;
        bool expectAllFree = true;
        for (int i = 0; i < N; i++)
        {
            expected = Math.Max(expected, Math.Abs(Math.Clamp(x[i] - g[i], l[i], u[i]) - x[i]));
            bool blocked = (x[i] <= l[i] && g[i] > 0) || (x[i] >= u[i] && g[i] < 0);
            Assert.Equal(blocked ? 0.0 : 1.0, free[i]);
            expectAllFree &= !blocked;
        }
        Assert.Equal(expected, norm);
        Assert.False(expectAllFree); // the data must exercise blocked variables
        Assert.Equal(expectAllFree, allFree);
    }

    [Fact]
    public void MaxFeasibleStepAndClampedStepMatchScalarDefinitions()
    {
        (double[] x, _, double[] l, double[] u, double[] d) = Data(2);
        double expected = double.PositiveInfinity;
        for (int i = 0; i < N; i++)
        {
            if (d[i] < 0) expected = Math.Min(expected, (l[i] - x[i]) / d[i]);
            else if (d[i] > 0) expected = Math.Min(expected, (u[i] - x[i]) / d[i]);
        }
        Assert.Equal(Math.Max(expected, 0), VectorMath.MaxFeasibleStep(x, d, l, u));

        var trial = new double[N];
        VectorMath.ClampedStep(trial, x, 0.7, d, l, u);
        for (int i = 0; i < N; i++) Assert.Equal(Math.Clamp(x[i] + 0.7 * d[i], l[i], u[i]), trial[i]);

        Array.Fill(d, 0.0);
        Assert.Equal(double.PositiveInfinity, VectorMath.MaxFeasibleStep(x, d, l, u));
    }

    [Fact]
    public void FusedUpdatesMatchScalarLoops()
    {
        (double[] a, double[] b, double[] c, double[] e, double[] mask) = Data(3);
        for (int i = 0; i < N; i++) mask[i] = i % 3 == 0 ? 0.0 : 1.0;

        foreach (bool masked in new[] { false, true })
        foreach (bool dot in new[] { false, true })
        {
            double[] q = (double[])a.Clone(), reference = (double[])a.Clone();
            double expectedDot = 0;
            for (int i = 0; i < N; i++)
            {
                reference[i] = (reference[i] - 0.3 * b[i]) * (masked ? mask[i] : 1.0);
                if (dot) expectedDot += reference[i] * c[i];
            }
            double result = VectorMath.UpdateThenDot(q, -0.3, b, masked ? mask : default, dot ? c : default);
            for (int i = 0; i < N; i++) Assert.Equal(reference[i], q[i], 15);
            Assert.Equal(expectedDot, result, 12);
        }

        double[] s = new double[N], y = new double[N];
        (double sy, double yy) = VectorMath.Differences(s, y, a, b, c, e);
        double esy = 0, eyy = 0;
        for (int i = 0; i < N; i++)
        {
            Assert.Equal(a[i] - b[i], s[i]);
            Assert.Equal(c[i] - e[i], y[i]);
            esy += s[i] * y[i];
            eyy += y[i] * y[i];
        }
        Assert.Equal(esy, sy, 12);
        Assert.Equal(eyy, yy, 12);

        double predicted = 0;
        for (int i = 0; i < N; i++) predicted += c[i] * (a[i] - b[i]);
        Assert.Equal(predicted, VectorMath.DotDifference(c, a, b), 12);
    }
}
