using System;
using Xunit;

namespace DeepestLearning.Tests.LinearAlgebra;

public class DenseCholeskyTests
{
    /// <summary>Random SPD matrices (BᵀB + I) solve to a relative residual of 1e-12.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(30)]
    public void Solves_symmetric_positive_definite_systems(int n)
    {
        var random = new Random(n);
        var b = new double[n * n];
        for (int i = 0; i < b.Length; i++) b[i] = random.NextDouble() * 2 - 1;
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) s += b[k * n + i] * b[k * n + j];
                a[i * n + j] = s;
            }
        var rhs = new double[n];
        for (int i = 0; i < n; i++) rhs[i] = random.NextDouble() - 0.5;
        var cholesky = new DenseCholesky(n);
        Assert.True(cholesky.Factor(a));
        var x = (double[])rhs.Clone();
        cholesky.Solve(x);
        double residual = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double r = -rhs[i];
            for (int j = 0; j < n; j++) r += a[i * n + j] * x[j];
            residual += r * r;
            norm += rhs[i] * rhs[i];
        }
        Assert.True(Math.Sqrt(residual / norm) < 1e-12, $"relative residual {Math.Sqrt(residual / norm):E2}");

        double expected = Math.Log(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => a[i * n + j]).Determinant());
        Assert.True(Math.Abs(cholesky.LogDeterminant() - expected) <= 1e-11 * Math.Max(1, Math.Abs(expected)), $"log det {cholesky.LogDeterminant():G17} against {expected:G17}");
    }

    /// <summary>A rank-deficient matrix (third row = first + second) fails at pivot 2, and solving afterwards is refused.</summary>
    [Fact]
    public void Reports_the_first_dependent_pivot()
    {
        double[] a =
        {
            2, 1, 3,
            1, 2, 3,
            3, 3, 6,
        };
        var cholesky = new DenseCholesky(3);
        Assert.False(cholesky.Factor(a));
        Assert.Equal(2, cholesky.FailedPivot);
        Assert.Throws<InvalidOperationException>(() => cholesky.Solve(new double[3]));
        Assert.False(cholesky.Factor(new double[] { 1, 2, 2, 1, 0, 0, 0, 0, 1 }.AsSpan(0, 9))); // indefinite
        Assert.Equal(1, cholesky.FailedPivot);
    }
}
