using System;

namespace DeepestLearning;

/// <summary>
/// LU factorization with partial pivoting of a small dense n×n matrix (row-major), in place, for the
/// Newton iterations of implicit steps. Storage is allocated once; factor and solve allocate nothing.
/// </summary>
public sealed class DenseLu
{
    private readonly double[] _lu;
    private readonly int[] _pivot;

    /// <summary>Allocates the matrix and pivot storage for n × n systems.</summary>
    /// <param name="n">The matrix order.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is below 1.</exception>
    public DenseLu(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        Size = n;
        _lu = new double[n * n];
        _pivot = new int[n];
    }

    /// <summary>n, the order of the matrix.</summary>
    public int Size { get; }

    /// <summary>The matrix to factor: fill it (row-major), then call <see cref="Factor"/>.</summary>
    public Span<double> Matrix => _lu;

    /// <summary>Factors <see cref="Matrix"/> in place; false when a pivot is exactly zero (singular).</summary>
    public bool Factor()
    {
        int n = Size;
        Span<double> a = _lu;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i * n + k]) > Math.Abs(a[p * n + k])) p = i;
            _pivot[k] = p;
            if (a[p * n + k] == 0.0) return false;
            if (p != k)
                for (int j = 0; j < n; j++) (a[k * n + j], a[p * n + j]) = (a[p * n + j], a[k * n + j]);
            double inverse = 1.0 / a[k * n + k];
            for (int i = k + 1; i < n; i++)
            {
                double factor = a[i * n + k] *= inverse;
                if (factor == 0.0) continue;
                for (int j = k + 1; j < n; j++) a[i * n + j] -= factor * a[k * n + j];
            }
        }
        return true;
    }

    /// <summary>Solves A x = b in place (b becomes x) with the last factorization.</summary>
    public void Solve(Span<double> b)
    {
        int n = Size;
        ModelArguments.RequireLength(b.Length, n, nameof(b));
        ReadOnlySpan<double> a = _lu;
        // Factor swapped whole rows (multipliers included), so all interchanges go first: b ← P b.
        for (int k = 0; k < n; k++)
        {
            int p = _pivot[k];
            if (p != k) (b[k], b[p]) = (b[p], b[k]);
        }
        for (int k = 0; k < n; k++)
            for (int i = k + 1; i < n; i++) b[i] -= a[i * n + k] * b[k];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int j = i + 1; j < n; j++) sum -= a[i * n + j] * b[j];
            b[i] = sum / a[i * n + i];
        }
    }
}
