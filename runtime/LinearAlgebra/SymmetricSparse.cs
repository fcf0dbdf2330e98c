using System;

namespace DeepestLearning;

/// <summary>
/// Operations on a symmetric matrix stored as its lower triangle in a CSR
/// <see cref="SparsityPattern"/> (row i holds columns ≤ i), the layout of the action Hessian.
/// </summary>
public static class SymmetricSparse
{
    /// <summary>result = A·v for the symmetric A whose lower triangle is (pattern, values).</summary>
    public static void Multiply(SparsityPattern pattern, ReadOnlySpan<double> values, ReadOnlySpan<double> v, Span<double> result)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        int n = pattern.RowCount;
        if (values.Length != pattern.NonZeroCount) throw new ArgumentException($"values must have {pattern.NonZeroCount} entries, not {values.Length}.", nameof(values));
        if (v.Length != n) throw new ArgumentException($"v must have {n} entries, not {v.Length}.", nameof(v));
        if (result.Length != n) throw new ArgumentException($"result must have {n} entries, not {result.Length}.", nameof(result));
        ReadOnlySpan<int> start = pattern.RowStart, column = pattern.ColumnIndex;
        result.Clear();
        for (int i = 0; i < n; i++)
        {
            double sum = 0, vi = v[i];
            for (int k = start[i]; k < start[i + 1]; k++)
            {
                int j = column[k];
                double a = values[k];
                sum += a * v[j];
                if (j != i) result[j] += a * vi; // the mirrored upper-triangle entry
            }
            result[i] += sum;
        }
    }
}
