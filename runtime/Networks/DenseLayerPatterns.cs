using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace DeepestLearning;

/// <summary>
/// The exact sparsity patterns of a dense layer f_j = g(a_j), a_j = Σ_k W_jk x_k + b_j, over
/// z = (x, w) with w stored row by row, bias last (see <see cref="ILayeredNetwork{TSelf}"/>).
/// Generated dense networks write their values in exactly this order:
/// <list type="bullet">
/// <item>Jacobian row j: x_0 … x_{n−1}, then W_j0 … W_j,n−1, b_j;</item>
/// <item>second derivative (lower triangle, rows ascending): the x–x block
/// Σ_j v_j g''_j W_jm W_jk; then per output j the rows W_jk (columns x_0 … x_{n−1}, then W_j0 … W_jk)
/// and b_j (columns x, W_j·, b_j). Without curvature (g'' ≡ 0) only the W_jk–x_k entries remain.</item>
/// </list>
/// Public because generated dense networks in user assemblies call it; hidden from IntelliSense.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseLayerPatterns
{
    /// <summary>Column of weight W_jk (k = inputs is the bias b_j) in z = (x, w).</summary>
    public static int WeightColumn(int inputs, int j, int k) => inputs + j * (inputs + 1) + k;

    /// <summary>The Jacobian pattern of a dense layer: <paramref name="outputs"/> rows over z = (x, w), row j holding every input and W_j0 … W_j,n−1, b_j.</summary>
    /// <param name="inputs">Width of the layer input x.</param>
    /// <param name="outputs">Width of the layer output.</param>
    /// <exception cref="ArgumentOutOfRangeException">A width is below 1.</exception>
    public static SparsityPattern Jacobian(int inputs, int outputs)
    {
        RequireShape(inputs, outputs);
        var rowStart = new int[outputs + 1];
        var columns = new int[outputs * (2 * inputs + 1)];
        int e = 0;
        for (int j = 0; j < outputs; j++)
        {
            for (int k = 0; k < inputs; k++) columns[e++] = k;
            for (int k = 0; k <= inputs; k++) columns[e++] = WeightColumn(inputs, j, k);
            rowStart[j + 1] = e;
        }
        return new SparsityPattern(outputs, inputs + outputs * (inputs + 1), rowStart, columns);
    }

    /// <param name="inputs">Width of the layer input x.</param>
    /// <param name="outputs">Width of the layer output.</param>
    /// <param name="curvature">Whether g'' is not identically zero.</param>
    public static SparsityPattern SecondDerivative(int inputs, int outputs, bool curvature)
    {
        RequireShape(inputs, outputs);
        int n = inputs, size = inputs + outputs * (inputs + 1);
        var rowStart = new int[size + 1];
        var columns = new List<int>();
        int row = 0;
        for (int m = 0; m < n; m++, row++)
        {
            if (curvature) for (int k = 0; k <= m; k++) columns.Add(k);
            rowStart[row + 1] = columns.Count;
        }
        for (int j = 0; j < outputs; j++)
        {
            for (int k = 0; k < n; k++, row++)
            {
                if (curvature)
                {
                    for (int m = 0; m < n; m++) columns.Add(m);
                    for (int q = 0; q <= k; q++) columns.Add(WeightColumn(n, j, q));
                }
                else
                {
                    columns.Add(k);
                }
                rowStart[row + 1] = columns.Count;
            }
            if (curvature)
            {
                for (int m = 0; m < n; m++) columns.Add(m);
                for (int q = 0; q <= n; q++) columns.Add(WeightColumn(n, j, q));
            }
            rowStart[row + 1] = columns.Count;
            row++;
        }
        return new SparsityPattern(size, size, rowStart, columns.ToArray());
    }

    private static void RequireShape(int inputs, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
    }
}
