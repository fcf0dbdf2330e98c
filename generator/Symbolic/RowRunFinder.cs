using System.Collections.Generic;
using DeepestLearning.Generator.Model;

namespace DeepestLearning.Generator.Symbolic;

/// <summary>
/// Finds the <see cref="RowRun"/>s of a model: maximal ranges of consecutive rows with equal
/// <see cref="RowShape"/> tokens whose leaves read affine functions of the row. Everything else stays
/// straight-line code. A row is left out when it shares an operation with another row: a loop would
/// recompute per row what straight-line code computes once (a mean field summed over all components).
/// </summary>
internal static class RowRunFinder
{
    /// <summary>Shorter runs stay straight-line: for a few rows, unrolled code is as small and faster.</summary>
    public const int MinimumLength = 32;

    // Rows are compared through their whole sub-DAGs; past this many nodes in all, the model is left unrolled
    // rather than spend seconds of the build on a search for loops.
    private const long NodeBudget = 4_000_000;

    public static List<RowRun> Find(ExpressionGraph g, IReadOnlyList<int> outputs, int states, int parameters, int stimuli)
    {
        var runs = new List<RowRun>();
        int rows = outputs.Count;
        if (rows < MinimumLength) return runs;

        int[] counts = { states, parameters, stimuli };
        var shapes = new RowShape[rows];
        long total = 0;
        for (int i = 0; i < rows; i++)
        {
            shapes[i] = RowShape.Of(g, outputs[i], i, counts);
            total += shapes[i].Tokens.Length;
            if (total > NodeBudget) return runs;
        }

        // Rows owning an operation another row also reads, except small ones (p[1] / D, a flux between
        // neighbours read by both): a loop recomputes those at the cost of a few operations per row, where
        // a large shared operation (a mean field summed over all components) would be recomputed in full.
        var owner = new Dictionary<int, int>();
        var shares = new bool[rows];
        var small = new Dictionary<int, bool>();
        for (int i = 0; i < rows; i++)
        {
            foreach (int node in shapes[i].InternalNodes)
            {
                if (owner.TryGetValue(node, out int other) && !IsSmall(g, node, small))
                {
                    shares[i] = true;
                    shares[other] = true;
                }
                else owner[node] = i;
            }
        }

        int start = 0;
        while (start + MinimumLength <= rows)
        {
            int end = Extend(g, shapes, shares, counts, start, out AffineIndex[]? indices);
            if (end - start >= MinimumLength && indices is not null)
            {
                var leaves = new Dictionary<NodeSpec, AffineIndex>();
                int[] first = shapes[start].Leaves;
                for (int k = 0; k < first.Length; k++) leaves[g[first[k]]] = indices[k];
                // The run's weight w[i]: the seed of its products, one per row (a vector field has D rows; a
                // measurement has M, which may exceed D: its weight index must not wrap at D).
                leaves[new NodeSpec(Op.Weight, -1, -1, start)] = new AffineIndex(1, 0, rows);
                runs.Add(new RowRun(start, end - start, leaves));
                start = end;
            }
            else start++;
        }
        return runs;
    }

    private const int SmallOperations = 16;

    private static bool IsSmall(ExpressionGraph g, int root, Dictionary<int, bool> memo)
    {
        if (memo.TryGetValue(root, out bool known)) return known;
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(root);
        bool isSmall = true;
        while (stack.Count > 0 && isSmall)
        {
            int id = stack.Pop();
            if (!seen.Add(id)) continue;
            var n = g[id];
            if (seen.Count > SmallOperations) isSmall = false;
            else if (!n.Op.IsLeaf())
            {
                stack.Push(n.Left);
                if (n.Op.IsBinary()) stack.Push(n.Right);
            }
        }
        memo[root] = isSmall;
        return isSmall;
    }

    /// <summary>The end of the longest run from <paramref name="start"/>, and its leaves' index functions (null for a run of one row).</summary>
    private static int Extend(ExpressionGraph g, RowShape[] shapes, bool[] shares, int[] counts, int start, out AffineIndex[]? indices)
    {
        indices = null;
        if (shares[start]) return start + 1;
        int next = start + 1;
        if (next >= shapes.Length || shares[next] || !shapes[next].SameTokens(shapes[start])) return next;

        int[] a = shapes[start].Leaves, b = shapes[next].Leaves;
        indices = new AffineIndex[a.Length];
        for (int k = 0; k < a.Length; k++)
        {
            var na = g[a[k]];
            int count = CountOf(na.Op, counts);
            long ia = (long)na.Value, ib = (long)g[b[k]].Value;
            long slope = AffineIndex.Remainder(ib - ia, count);
            if (2 * slope > count) slope -= count; // the shorter way round: x[i − 1] has slope −1, not D − 1
            indices[k] = new AffineIndex(slope, ia - slope * start, count);
        }

        int end = next + 1;
        while (end < shapes.Length && !shares[end] && shapes[end].SameTokens(shapes[start]) && Matches(g, shapes[end].Leaves, indices, end)) end++;
        return end;
    }

    private static bool Matches(ExpressionGraph g, int[] leaves, AffineIndex[] indices, int row)
    {
        for (int k = 0; k < leaves.Length; k++)
            if ((int)g[leaves[k]].Value != indices[k].At(row)) return false;
        return true;
    }

    private static int CountOf(Op op, int[] counts) => op switch
    {
        Op.State => counts[0],
        Op.Parameter => counts[1],
        _ => counts[2],
    };
}
