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
        ModelArguments.RequireExactLength(values.Length, pattern.NonZeroCount, nameof(values));
        ModelArguments.RequireExactLength(v.Length, n, nameof(v));
        ModelArguments.RequireExactLength(result.Length, n, nameof(result));
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
