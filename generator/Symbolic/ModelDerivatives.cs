using System.Collections.Generic;
using System.Linq;

namespace DeepestLearning.Generator.Symbolic;

/// <summary>A sparse matrix of expression nodes in CSR order: rows ascending, columns ascending within a row.</summary>
internal sealed class SparseExpressionMatrix
{
    public SparseExpressionMatrix(int rows, int columns, List<(int Row, int Column, int Node)> entries)
    {
        Rows = rows;
        Columns = columns;
        Entries = entries.OrderBy(e => e.Row).ThenBy(e => e.Column).ToList();
    }

    public int Rows { get; }
    public int Columns { get; }
    public IReadOnlyList<(int Row, int Column, int Node)> Entries { get; }

    public int[] RowStart()
    {
        var start = new int[Rows + 1];
        foreach (var e in Entries) start[e.Row + 1]++;
        for (int r = 0; r < Rows; r++) start[r + 1] += start[r];
        return start;
    }
}

/// <summary>
/// The derivatives the model contract asks for, as expression nodes of one graph: the
/// Jacobian of F with respect to z = (x, p), the vector–Jacobian product wᵀJ, and the
/// lower triangle of Σᵢ wᵢ ∇²Fᵢ. Sparsity is structural, read off the simplified graph.
/// </summary>
internal sealed class ModelDerivatives
{
    private ModelDerivatives(SparseExpressionMatrix jacobian, int[] transposeProduct, SparseExpressionMatrix secondDerivative)
    {
        Jacobian = jacobian;
        TransposeProduct = transposeProduct;
        SecondDerivative = secondDerivative;
    }

    public SparseExpressionMatrix Jacobian { get; }

    /// <summary>Node of (wᵀJ)_j for every column j (the zero node where the column is empty).</summary>
    public int[] TransposeProduct { get; }

    public SparseExpressionMatrix SecondDerivative { get; }

    /// <param name="included">The rows to differentiate (all when null); the others are emitted as loops and have their own derivatives.</param>
    public static ModelDerivatives Build(ExpressionGraph g, IReadOnlyList<int> outputs, int states, int parameters, bool[]? included = null)
    {
        int columns = states + parameters;

        var jacobian = new List<(int, int, int)>();
        for (int i = 0; i < outputs.Count; i++)
        {
            if (included is not null && !included[i]) continue;
            foreach (var pair in Differentiator.Gradient(g, new[] { (outputs[i], g.One) }))
                jacobian.Add((i, ColumnOf(g, pair.Key, states), pair.Value));
        }

        // One reverse sweep seeded with w gives every column of wᵀJ at once, sharing work across rows.
        var seeds = new List<(int, int)>();
        for (int i = 0; i < outputs.Count; i++)
            if (included is null || included[i]) seeds.Add((outputs[i], g.Variable(Op.Weight, i)));
        var transposeProduct = Enumerable.Repeat(g.Zero, columns).ToArray();
        foreach (var pair in Differentiator.Gradient(g, seeds))
            transposeProduct[ColumnOf(g, pair.Key, states)] = pair.Value;

        // Σᵢ wᵢ ∇²Fᵢ = ∂(wᵀJ)/∂z: differentiate each column of the product again, keep the lower triangle.
        var second = new List<(int, int, int)>();
        for (int j = 0; j < columns; j++)
        {
            if (g.IsConstant(transposeProduct[j], out _)) continue;
            foreach (var pair in Differentiator.Gradient(g, new[] { (transposeProduct[j], g.One) }))
            {
                int k = ColumnOf(g, pair.Key, states);
                if (k <= j) second.Add((j, k, pair.Value));
            }
        }

        return new ModelDerivatives(
            new SparseExpressionMatrix(outputs.Count, columns, jacobian),
            transposeProduct,
            new SparseExpressionMatrix(columns, columns, second));
    }

    public static int ColumnOf(ExpressionGraph g, int variableNode, int states)
    {
        var node = g[variableNode];
        int index = (int)node.Value;
        return node.Op == Op.State ? index : states + index;
    }
}
