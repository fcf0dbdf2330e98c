using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace DeepestLearning.Tests.LinearAlgebra;

/// <summary>
/// Selected inversion of the arrowhead LDLᵀ against the dense inverse (MathNet LU) on random
/// arrowheads: the diagonal, the border block and every other entry on the factor's structure, to 1e-10.
/// </summary>
public class SelectedInverseTests
{
    /// <summary>
    /// Positive definite arrowheads of several shapes: no border, a neuron-sized border, a wide band,
    /// single-variable time points, and borders of 64 and more (the blocked Schur path of the factorization)
    /// with windowed couplings. Every diagonal entry agrees to 1e-10 relative; every off-diagonal entry on
    /// the structure to 1e-10 of √(Z_ii Z_jj) (the scale a covariance is read on).
    /// </summary>
    [Theory]
    [InlineData(60, 4, 0, 0, 1)]
    [InlineData(50, 4, 19, 0, 2)]
    [InlineData(30, 20, 0, 0, 3)]
    [InlineData(40, 1, 5, 0, 4)]
    [InlineData(25, 3, 1, 0, 5)]
    [InlineData(80, 3, 70, 8, 6)]
    [InlineData(120, 2, 66, -4, 7)]
    public void MatchesTheDenseInverseOnPositiveDefiniteArrowheads(int points, int block, int border, int window, int seed)
    {
        (double[,] dense, SparsityPattern pattern, double[] values, int[] order) = ArrowheadLdltTests.RandomArrowhead(points, block, border, 1.0, seed, window);
        int n = pattern.RowCount;
        var ldlt = new ArrowheadLdlt(pattern, order, border);
        Assert.True(ldlt.Factor(values));
        Matrix<double> inverse = Matrix<double>.Build.DenseOfArray(dense).Inverse();

        var diagonal = new double[n];
        var borderBlock = new double[border * border];
        ldlt.SelectedInverse(diagonal, borderBlock);

        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            Assert.True(inverse[i, i] > 0);
            worst = Math.Max(worst, Math.Abs(diagonal[i] - inverse[i, i]) / inverse[i, i]);
        }
        Assert.True(worst <= 1e-10, $"diagonal: worst relative error {worst:E2}");

        worst = 0;
        int[] borderVariables = order[(n - border)..];
        for (int r = 0; r < border; r++)
            for (int c = 0; c < border; c++)
            {
                int a = borderVariables[r], b = borderVariables[c];
                worst = Math.Max(worst, Math.Abs(borderBlock[r * border + c] - inverse[a, b]) / Math.Sqrt(inverse[a, a] * inverse[b, b]));
            }
        Assert.True(worst <= 1e-10, $"border block: worst error {worst:E2}");

        worst = 0;
        int structural = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (!ldlt.TryGetSelectedInverse(i, j, out double z)) continue;
                structural++;
                worst = Math.Max(worst, Math.Abs(z - inverse[i, j]) / Math.Sqrt(inverse[i, i] * inverse[j, j]));
            }
        Assert.True(worst <= 1e-10, $"entries on the structure: worst error {worst:E2}");
        Assert.True(structural >= n + 2 * (n - border) * border, $"only {structural} entries on the structure");
    }

    /// <summary>
    /// The shapes the library inverts: exact action Hessians of a five-state Lorenz96 in the elimination order of
    /// <see cref="ActionHessian{TModel}"/> (Hermite–Simpson's midpoints interleaved, the forcing as the border),
    /// shifted to definiteness at a random point; every diagonal entry to 1e-10 relative, and the border entry too.
    /// </summary>
    [Theory]
    [InlineData(Discretization.ForwardEuler)]
    [InlineData(Discretization.Trapezoid)]
    [InlineData(Discretization.HermiteSimpson)]
    [InlineData(Discretization.RungeKutta4)]
    public void MatchesTheDenseInverseOfActionHessians(Discretization discretization)
    {
        var problem = Assimilation.ActionGradientTests.Lorenz96Problem(discretization);
        var hessian = new ActionHessian<Models.Lorenz96D5>(problem);
        var ldlt = new ArrowheadLdlt(hessian.Pattern, hessian.EliminationOrder(), hessian.BorderCount);
        (double[] z, _) = Assimilation.ActionGradientTests.Point(problem, new Random(1));
        var values = new double[hessian.Pattern.NonZeroCount];
        hessian.Evaluate(z, values);
        const double shift = 1e3;
        Assert.True(ldlt.Factor(values, shift));

        int n = z.Length;
        Matrix<double> dense = Matrix<double>.Build.Dense(n, n);
        ReadOnlySpan<int> start = hessian.Pattern.RowStart, column = hessian.Pattern.ColumnIndex;
        for (int i = 0; i < n; i++)
        {
            dense[i, i] += shift;
            for (int p = start[i]; p < start[i + 1]; p++)
            {
                dense[i, column[p]] += values[p];
                if (column[p] != i) dense[column[p], i] += values[p];
            }
        }
        Matrix<double> inverse = dense.Inverse();
        var diagonal = new double[n];
        var border = new double[hessian.BorderCount * hessian.BorderCount];
        ldlt.SelectedInverse(diagonal, border);
        double worst = 0;
        for (int i = 0; i < n; i++) worst = Math.Max(worst, Math.Abs(diagonal[i] - inverse[i, i]) / inverse[i, i]);
        Assert.True(worst <= 1e-10, $"{discretization}: worst relative error {worst:E2}");
        int forcing = problem.ParameterOffset;
        Assert.True(Math.Abs(border[0] - inverse[forcing, forcing]) <= 1e-10 * inverse[forcing, forcing]);
    }

    /// <summary>An indefinite (shifted) arrowhead is inverted as well: the recurrence needs no positive pivots, only non-zero ones.</summary>
    [Theory]
    [InlineData(20, 3, 4, 11)]
    [InlineData(30, 2, 0, 12)]
    public void InvertsAnIndefiniteArrowheadToo(int points, int block, int border, int seed)
    {
        (double[,] dense, SparsityPattern pattern, double[] values, int[] order) = ArrowheadLdltTests.RandomArrowhead(points, block, border, 1.0, seed);
        int n = pattern.RowCount;
        Matrix<double> matrix = Matrix<double>.Build.DenseOfArray(dense);
        double[] eigenvalues = matrix.Evd().EigenValues.Select(e => e.Real).OrderBy(e => e).ToArray();
        double shift = -0.5 * (eigenvalues[n / 3] + eigenvalues[n / 3 + 1]);
        var ldlt = new ArrowheadLdlt(pattern, order, border);
        Assert.False(ldlt.Factor(values, shift));
        Assert.Equal(0, ldlt.Inertia.Zero);
        Matrix<double> inverse = (matrix + shift * Matrix<double>.Build.DenseIdentity(n)).Inverse();
        double scale = inverse.Enumerate().Max(Math.Abs);

        var diagonal = new double[n];
        ldlt.SelectedInverse(diagonal);
        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (ldlt.TryGetSelectedInverse(i, j, out double z)) worst = Math.Max(worst, Math.Abs(z - inverse[i, j]) / scale);
        for (int i = 0; i < n; i++) worst = Math.Max(worst, Math.Abs(diagonal[i] - inverse[i, i]) / scale);
        Assert.True(worst <= 1e-10, $"worst error relative to the largest entry {worst:E2}");
    }

    /// <summary>A second call reuses the storage (no allocation) and, after a new factorization, gives the new inverse.</summary>
    [Fact]
    public void RepeatedCallsAllocateNothingAndFollowTheFactor()
    {
        (double[,] dense, SparsityPattern pattern, double[] values, int[] order) = ArrowheadLdltTests.RandomArrowhead(40, 4, 3, 1.0, 21);
        int n = pattern.RowCount;
        var ldlt = new ArrowheadLdlt(pattern, order, 3);
        var diagonal = new double[n];
        var block = new double[9];
        Assert.True(ldlt.Factor(values));
        ldlt.SelectedInverse(diagonal, block);
        Assert.True(ldlt.Factor(values, 2.0));
        long before = GC.GetAllocatedBytesForCurrentThread();
        ldlt.SelectedInverse(diagonal, block);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Matrix<double> inverse = (Matrix<double>.Build.DenseOfArray(dense) + 2.0 * Matrix<double>.Build.DenseIdentity(n)).Inverse();
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(diagonal[i] - inverse[i, i]) <= 1e-10 * inverse[i, i], $"entry {i}");
    }

    [Fact]
    public void RefusesWhatItCannotInvert()
    {
        var pattern = new SparsityPattern(3, 3, new[] { 0, 1, 2, 3 }, new[] { 0, 1, 2 });
        var ldlt = new ArrowheadLdlt(pattern, new[] { 0, 1, 2 }, 1);
        Assert.Throws<InvalidOperationException>(() => ldlt.SelectedInverse(new double[3])); // not factored
        Assert.False(ldlt.Factor(new[] { 1.0, 0.0, 1.0 }));
        Assert.Throws<InvalidOperationException>(() => ldlt.SelectedInverse(new double[3])); // zero pivot
        Assert.True(ldlt.Factor(new[] { 1.0, 2.0, 4.0 }));
        Assert.Equal("diagonal", Assert.Throws<ArgumentException>(() => ldlt.SelectedInverse(new double[2])).ParamName);
        Assert.Equal("borderBlock", Assert.Throws<ArgumentException>(() => ldlt.SelectedInverse(new double[3], new double[2])).ParamName);
        var diagonal = new double[3];
        var block = new double[1];
        ldlt.SelectedInverse(diagonal, block);
        Assert.Equal(new[] { 1.0, 0.5, 0.25 }, diagonal);
        Assert.Equal(0.25, block[0]);
        Assert.Equal((1.0, 4.0), ldlt.PivotMagnitudes());
    }
}
