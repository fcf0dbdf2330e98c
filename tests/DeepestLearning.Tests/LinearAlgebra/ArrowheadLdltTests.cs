using System;
using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Tests.Assimilation;
using DeepestLearning.Tests.Models;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace DeepestLearning.Tests.LinearAlgebra;

/// <summary>The block-banded + border LDLᵀ: solves, inertia, masked variables, singularity, bad input.</summary>
public class ArrowheadLdltTests
{
    /// <summary>
    /// A random symmetric arrowhead: <paramref name="points"/> time points of <paramref name="block"/> variables,
    /// each coupled to the next, and <paramref name="border"/> dense rows. Variables are stored in a
    /// shuffled original numbering so the elimination order is a real permutation. Returns the
    /// dense matrix (for checking), the lower pattern and values, and the time-ordered elimination order.
    /// </summary>
    internal static (double[,] Dense, SparsityPattern Pattern, double[] Values, int[] Order) RandomArrowhead(
        int points, int block, int border, double diagonal, int seed, int borderWindow = 0)
    {
        var random = new Random(seed);
        int band = points * block, n = band + border;
        int[] shuffle = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray(); // eliminated q-th → original index
        var dense = new double[n, n];
        void Set(int a, int b, double value)
        {
            dense[shuffle[a], shuffle[b]] = value;
            dense[shuffle[b], shuffle[a]] = value;
        }
        for (int q = 0; q < band; q++)
        {
            int time = q / block;
            for (int r = time * block; r < q; r++) if (random.NextDouble() < 0.7) Set(q, r, 2 * random.NextDouble() - 1);
            if (time > 0)
                for (int r = (time - 1) * block; r < time * block; r++) if (random.NextDouble() < 0.5) Set(q, r, 2 * random.NextDouble() - 1);
        }
        for (int q = band; q < n; q++)
            for (int r = 0; r < q; r++)
            {
                // With a window, time point t couples only to border columns near t·border/points — a
                // network's layers and their weights — so each W row reaches a sub-range of the border
                // ([0, c) as fill runs down the chain); a negative window mirrors the columns, so the
                // ranges are [c, border) and do not start at the first column.
                int centre = (r / block) * border / points;
                if (borderWindow < 0) centre = border - 1 - centre;
                bool inWindow = borderWindow == 0 || r >= band || Math.Abs(q - band - centre) < Math.Abs(borderWindow);
                if (inWindow && (r >= band || random.NextDouble() < 0.3)) Set(q, r, 0.3 * (2 * random.NextDouble() - 1));
            }
        for (int q = 0; q < n; q++)
        {
            double offDiagonal = 0;
            for (int r = 0; r < n; r++) if (r != shuffle[q]) offDiagonal += Math.Abs(dense[shuffle[q], r]);
            Set(q, q, offDiagonal + diagonal * (0.5 + random.NextDouble()));
        }

        var rowStart = new int[n + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
                if (dense[i, j] != 0 || i == j)
                {
                    columns.Add(j);
                    values.Add(dense[i, j]);
                }
            rowStart[i + 1] = columns.Count;
        }
        return (dense, new SparsityPattern(n, n, rowStart, columns.ToArray()), values.ToArray(), shuffle);
    }

    private static double RelativeResidual(double[,] dense, double[] x, double[] b, double shift = 0)
    {
        int n = b.Length;
        double residual = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = shift * x[i];
            for (int j = 0; j < n; j++) sum += dense[i, j] * x[j];
            residual = Math.Max(residual, Math.Abs(sum - b[i]));
            norm = Math.Max(norm, Math.Abs(b[i]));
        }
        return residual / norm;
    }

    private static double[] RandomVector(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => 2 * random.NextDouble() - 1).ToArray();
    }

    [Theory]
    [InlineData(50, 4, 19, 1)]
    [InlineData(200, 3, 1, 2)]
    [InlineData(30, 20, 0, 3)]
    [InlineData(10, 1, 5, 4)]
    public void SolvesRandomPositiveDefiniteArrowheadsToRoundOff(int points, int block, int border, int seed)
    {
        (double[,] dense, SparsityPattern pattern, double[] values, int[] order) = RandomArrowhead(points, block, border, 1.0, seed);
        var ldlt = new ArrowheadLdlt(pattern, order, border);
        Assert.True(ldlt.Factor(values));
        Assert.Equal(new Inertia(pattern.RowCount, 0, 0), ldlt.Inertia);
        Assert.True(ldlt.MaxRowWidth <= 2 * block, $"envelope width {ldlt.MaxRowWidth} exceeds two blocks");
        double[] b = RandomVector(pattern.RowCount, seed + 10);
        var x = new double[b.Length];
        ldlt.Solve(b, x);
        double residual = RelativeResidual(dense, x, b);
        Assert.True(residual < 1e-12, $"relative residual {residual:E2}");

        // With a shift: (A + 0.7 I) x = b.
        Assert.True(ldlt.Factor(values, 0.7));
        ldlt.Solve(b, x);
        Assert.True(RelativeResidual(dense, x, b, 0.7) < 1e-12);
    }

    /// <summary>
    /// Border couplings confined to a moving window (the border columns each row reaches start and end
    /// inside the border, and blocks of rows reach different ranges): solves to round-off and the
    /// inertia of a shifted, indefinite matrix matches the dense eigenvalues. Borders of 64 rows and more take
    /// the blocked Schur-complement path with per-row column ranges.
    /// </summary>
    [Theory]
    [InlineData(80, 3, 70, 8, 21)]
    [InlineData(200, 2, 80, -4, 22)]
    public void SolvesArrowheadsWhoseBorderCouplingsAreWindowed(int points, int block, int border, int window, int seed)
    {
        (double[,] dense, SparsityPattern pattern, double[] values, int[] order) = RandomArrowhead(points, block, border, 1.0, seed, window);
        int n = pattern.RowCount;
        var ldlt = new ArrowheadLdlt(pattern, order, border);
        Assert.True(ldlt.Factor(values));
        double[] b = RandomVector(n, seed + 1);
        var x = new double[n];
        ldlt.Solve(b, x);
        double residual = RelativeResidual(dense, x, b);
        Assert.True(residual < 1e-12, $"relative residual {residual:E2}");

        double[] eigenvalues = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(dense).Evd().EigenValues.Select(e => e.Real).OrderBy(e => e).ToArray();
        double shift = -0.5 * (eigenvalues[n / 4] + eigenvalues[n / 4 + 1]);
        Assert.False(ldlt.Factor(values, shift));
        int negative = eigenvalues.Count(e => e + shift < 0);
        Assert.Equal(new Inertia(n - negative, negative, 0), ldlt.Inertia);
        ldlt.Solve(b, x);
        Assert.True(RelativeResidual(dense, x, b, shift) < 1e-9);
    }

    /// <summary>
    /// log |det| from the pivots equals the dense LU's Σ log |U_ii| (MathNet), for a positive definite arrowhead and
    /// for the same one shifted into indefiniteness (the sign of det is then the parity of the negative pivots).
    /// </summary>
    [Theory]
    [InlineData(60, 4, 0, 1)]
    [InlineData(50, 4, 19, 2)]
    [InlineData(40, 1, 5, 3)]
    public void LogDeterminantMatchesTheDenseOne(int points, int block, int border, int seed)
    {
        (double[,] dense, SparsityPattern pattern, double[] values, int[] order) = RandomArrowhead(points, block, border, 1.0, seed);
        int n = pattern.RowCount;
        var ldlt = new ArrowheadLdlt(pattern, order, border);
        double[] eigenvalues = Matrix<double>.Build.DenseOfArray(dense).Evd(Symmetricity.Symmetric).EigenValues.Select(e => e.Real).OrderBy(e => e).ToArray();
        double indefinite = -(eigenvalues[2] + eigenvalues[3]) / 2; // three negative eigenvalues, none near zero
        foreach (double shift in new[] { 0.0, indefinite })
        {
            Matrix<double> matrix = Matrix<double>.Build.DenseOfArray(dense) + shift * Matrix<double>.Build.DenseIdentity(n);
            var lu = matrix.LU();
            double expected = lu.U.Diagonal().Sum(u => Math.Log(Math.Abs(u)));
            ldlt.Factor(values, shift);
            Assert.Equal(0, ldlt.Inertia.Zero);
            double logDet = ldlt.LogAbsDeterminant();
            Assert.True(Math.Abs(logDet - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"shift {shift}: {logDet:G17} against {expected:G17}");
            double sign = Math.Sign(lu.Determinant); // finite here: |log det| stays below a few hundred
            Assert.Equal(sign < 0 ? 1 : 0, ldlt.Inertia.Negative % 2);
            if (shift == 0) Assert.Equal(0, ldlt.Inertia.Negative);
            else Assert.Equal(3, ldlt.Inertia.Negative);
        }
        Assert.False(new ArrowheadLdlt(pattern, order, border) is { } fresh && TryLogDeterminant(fresh));
    }

    private static bool TryLogDeterminant(ArrowheadLdlt unfactored)
    {
        try { unfactored.LogAbsDeterminant(); return true; }
        catch (InvalidOperationException) { return false; }
    }

    [Fact]
    public void ReportsTheInertiaOfAnIndefiniteMatrix()
    {
        (double[,] dense, SparsityPattern pattern, double[] values, int[] order) = RandomArrowhead(20, 3, 4, 1.0, 7);
        int n = pattern.RowCount;
        double[] eigenvalues = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(dense).Evd().EigenValues.Select(e => e.Real).OrderBy(e => e).ToArray();
        double shift = -0.5 * (eigenvalues[n / 3] + eigenvalues[n / 3 + 1]); // a third of the spectrum goes negative
        var ldlt = new ArrowheadLdlt(pattern, order, 4);
        Assert.False(ldlt.Factor(values, shift));
        int negative = eigenvalues.Count(e => e + shift < 0);
        Assert.Equal(n / 3 + 1, negative);
        Assert.Equal(new Inertia(n - negative, negative, 0), ldlt.Inertia);

        // An indefinite but non-singular factorization still solves.
        double[] b = RandomVector(n, 3);
        var x = new double[n];
        ldlt.Solve(b, x);
        Assert.True(RelativeResidual(dense, x, b, shift) < 1e-9);
    }

    [Fact]
    public void FixedVariablesAreReplacedByTheIdentity()
    {
        (double[,] dense, SparsityPattern pattern, double[] values, int[] order) = RandomArrowhead(15, 4, 3, 1.0, 8);
        int n = pattern.RowCount;
        var free = new double[n];
        for (int i = 0; i < n; i++) free[i] = i % 4 == 1 ? 0.0 : 1.0;
        var reduced = (double[,])dense.Clone();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (free[i] == 0 || free[j] == 0) reduced[i, j] = i == j ? 1.0 : 0.0;
        var ldlt = new ArrowheadLdlt(pattern, order, 3);
        Assert.True(ldlt.Factor(values, 0, free));
        double[] b = RandomVector(n, 4);
        var x = new double[n];
        ldlt.Solve(b, x);
        Assert.True(RelativeResidual(reduced, x, b) < 1e-12);
        for (int i = 0; i < n; i++) if (free[i] == 0) Assert.Equal(b[i], x[i]);
    }

    [Fact]
    public void ASingularMatrixIsReportedNotSolved()
    {
        // diag(1, 0, 1): the zero pivot stops the factorization.
        var pattern = new SparsityPattern(3, 3, new[] { 0, 1, 2, 3 }, new[] { 0, 1, 2 });
        var ldlt = new ArrowheadLdlt(pattern, new[] { 0, 1, 2 }, 0);
        Assert.False(ldlt.Factor(new[] { 1.0, 0.0, 1.0 }));
        Assert.True(ldlt.Inertia.Zero > 0);
        Assert.Throws<InvalidOperationException>(() => ldlt.Solve(new double[3], new double[3]));
    }

    [Fact]
    public void ActionHessianOrderGivesANarrowEnvelopeForEveryDiscretization()
    {
        foreach (Discretization discretization in new[] { Discretization.ForwardEuler, Discretization.Trapezoid, Discretization.HermiteSimpson, Discretization.RungeKutta4 })
        {
            var problem = ActionGradientTests.Lorenz96Problem(discretization);
            var hessian = new ActionHessian<Lorenz96D5>(problem);
            var ldlt = new ArrowheadLdlt(hessian.Pattern, hessian.EliminationOrder(), hessian.BorderCount);
            int points = discretization == Discretization.HermiteSimpson ? 3 : 2;
            Assert.True(ldlt.MaxRowWidth <= points * 5, $"{discretization}: envelope width {ldlt.MaxRowWidth}");
            (double[] z, _) = ActionGradientTests.Point(problem, new Random(1));
            var values = new double[hessian.Pattern.NonZeroCount];
            hessian.Evaluate(z, values);
            Assert.True(ldlt.Factor(values, 1e3)); // a shift large enough for definiteness at a random point
            double[] b = RandomVector(z.Length, 2);
            var x = new double[z.Length];
            ldlt.Solve(b, x);
            var back = new double[z.Length];
            SymmetricSparse.Multiply(hessian.Pattern, values, x, back);
            double error = 0;
            for (int i = 0; i < z.Length; i++) error = Math.Max(error, Math.Abs(back[i] + 1e3 * x[i] - b[i]));
            Assert.True(error < 1e-11, $"{discretization}: residual {error:E2}");
        }
    }

    [Fact]
    public void BadInputNamesTheArgument()
    {
        var pattern = new SparsityPattern(2, 2, new[] { 0, 1, 3 }, new[] { 0, 0, 1 });
        Assert.Equal("order", Assert.Throws<ArgumentException>(() => new ArrowheadLdlt(pattern, new[] { 0, 0 }, 0)).ParamName);
        Assert.Equal("borderCount", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowheadLdlt(pattern, new[] { 0, 1 }, 3)).ParamName);
        var noDiagonal = new SparsityPattern(2, 2, new[] { 0, 1, 2 }, new[] { 0, 0 });
        Assert.Equal("lowerPattern", Assert.Throws<ArgumentException>(() => new ArrowheadLdlt(noDiagonal, new[] { 0, 1 }, 0)).ParamName);
        var ldlt = new ArrowheadLdlt(pattern, new[] { 0, 1 }, 1);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ldlt.Factor(new double[2])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ldlt.Factor(new[] { 1.0, double.NaN, 1.0 })).ParamName);
    }
}
