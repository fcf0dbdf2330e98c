using System;

namespace DeepestLearning;

/// <summary>
/// Cholesky factorization A = L Lᵀ of a small dense symmetric n×n matrix (row-major, lower
/// triangle read), with a relative pivot threshold so that "numerically singular" is detected
/// instead of producing a meaningless inverse: the factorization stops at the first pivot below
/// <c>threshold × (largest diagonal entry)</c> and reports its index. Meant for information and
/// covariance matrices of a few dozen unknowns.
/// </summary>
public sealed class DenseCholesky
{
    private readonly double[] _l;
    private bool _factored;

    /// <summary>Allocates the factor storage for n × n matrices.</summary>
    /// <param name="n">The matrix order.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is below 1.</exception>
    public DenseCholesky(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        Size = n;
        _l = new double[n * n];
    }

    /// <summary>n, the order of the matrices this instance factors.</summary>
    public int Size { get; }

    /// <summary>Index of the first pivot that failed in the last <see cref="Factor"/>, or −1 when it succeeded.</summary>
    public int FailedPivot { get; private set; } = -1;

    /// <summary>Factors the symmetric matrix <paramref name="a"/>; false (and <see cref="FailedPivot"/> set) when it is not numerically positive definite.</summary>
    public bool Factor(ReadOnlySpan<double> a, double threshold = 1e-13)
    {
        int n = Size;
        ModelArguments.RequireLength(a.Length, n * n, nameof(a));
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        double largest = 0;
        for (int i = 0; i < n; i++) largest = Math.Max(largest, a[i * n + i]);
        double floor = threshold * largest;
        Span<double> l = _l;
        l.Clear();
        for (int j = 0; j < n; j++)
        {
            double pivot = a[j * n + j];
            for (int k = 0; k < j; k++) pivot -= l[j * n + k] * l[j * n + k];
            if (!(pivot > floor)) // also catches NaN
            {
                FailedPivot = j;
                _factored = false;
                return false;
            }
            double diagonal = Math.Sqrt(pivot);
            l[j * n + j] = diagonal;
            for (int i = j + 1; i < n; i++)
            {
                double sum = a[i * n + j];
                for (int k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = sum / diagonal;
            }
        }
        FailedPivot = -1;
        _factored = true;
        return true;
    }

    /// <summary>log det A of the last successful factorization: 2 Σ log L_ii.</summary>
    /// <exception cref="InvalidOperationException">No successful factorization.</exception>
    public double LogDeterminant()
    {
        if (!_factored) throw new InvalidOperationException("no successful factorization; call Factor first and check its result.");
        double sum = 0;
        for (int i = 0; i < Size; i++) sum += Math.Log(_l[i * Size + i]);
        return 2 * sum;
    }

    /// <summary>Solves A x = b in place (b becomes x) with the last successful factorization.</summary>
    public void Solve(Span<double> b)
    {
        int n = Size;
        ModelArguments.RequireLength(b.Length, n, nameof(b));
        if (!_factored) throw new InvalidOperationException("no successful factorization to solve with; call Factor first and check its result.");
        ReadOnlySpan<double> l = _l;
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= l[i * n + k] * b[k];
            b[i] = sum / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k < n; k++) sum -= l[k * n + i] * b[k];
            b[i] = sum / l[i * n + i];
        }
    }
}
