using System;
using System.Collections.Generic;

namespace DeepestLearning.Generator.Symbolic;

/// <summary>
/// The expression of one output row with its leaf indices left out: the row's sub-DAG written in a
/// canonical post-order (operations, constants and operand references by local number), plus its
/// leaves in that order. Two rows with equal tokens compute the same function of their leaves, and
/// the leaves at equal positions correspond one to one (a DAG numbers each node once, so distinct
/// leaves of one row are distinct in the other).
/// </summary>
/// <remarks>
/// The graph orders the operands of + and × by node age, which differs from row to row of a loop
/// (a neighbour read first in row 0 was created earlier than in row 5). The canonical order sorts
/// them by a hash of the operand that sees state leaves relative to the row, so a stencil's rows
/// agree. Swapping the operands of + or × never changes a floating-point result, so code written
/// from one row's order is exact for every row with the same tokens.
/// </remarks>
internal sealed class RowShape
{
    private RowShape(long[] tokens, int[] leaves, int[] internalNodes)
    {
        Tokens = tokens;
        Leaves = leaves;
        InternalNodes = internalNodes;
        long hash = 17;
        foreach (long t in tokens) hash = unchecked(hash * 1_000_003 + t);
        Hash = hash;
    }

    public long[] Tokens { get; }

    /// <summary>Leaf node ids (state, parameter, stimulus) in canonical order.</summary>
    public int[] Leaves { get; }

    /// <summary>The operations of the row (not leaves or constants), to find work rows share.</summary>
    public int[] InternalNodes { get; }

    public long Hash { get; }

    public bool SameTokens(RowShape other) => Hash == other.Hash && Tokens.AsSpan().SequenceEqual(other.Tokens);

    public static RowShape Of(ExpressionGraph g, int root, int row, int states)
    {
        List<int> nodes = Reachable(g, root);
        nodes.Sort();
        var key = new Dictionary<int, long>(nodes.Count);
        var internalNodes = new List<int>();
        foreach (int id in nodes)
        {
            var n = g[id];
            long k;
            if (n.Op == Op.Constant) k = Mix((long)Op.Constant, BitConverter.DoubleToInt64Bits(n.Value));
            else if (n.Op == Op.State) k = Mix((long)Op.State, AffineIndex.Remainder((long)n.Value - row, Math.Max(states, 1)));
            else if (n.Op.IsLeaf()) k = Mix((long)n.Op, (long)n.Value);
            else if (n.Op.IsBinary())
            {
                long l = key[n.Left], r = key[n.Right];
                if (n.Op is Op.Add or Op.Multiply && r < l) (l, r) = (r, l);
                k = Mix(Mix((long)n.Op, l), r);
            }
            else k = Mix((long)n.Op, key[n.Left]);
            key[id] = k;
            if (!n.Op.IsLeaf()) internalNodes.Add(id);
        }

        // Post-order from the root on an explicit stack (a row may be a chain thousands deep).
        var local = new Dictionary<int, int>(nodes.Count);
        var tokens = new List<long>(nodes.Count * 3);
        var leaves = new List<int>();
        var stack = new Stack<(int Id, int Stage)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (id, stage) = stack.Pop();
            if (local.ContainsKey(id)) continue;
            var n = g[id];
            if (n.Op.IsLeaf())
            {
                local[id] = local.Count;
                tokens.Add((long)n.Op);
                if (n.Op == Op.Constant) tokens.Add(BitConverter.DoubleToInt64Bits(n.Value));
                else leaves.Add(id);
                continue;
            }
            (int first, int second) = Operands(n, key);
            if (stage == 0)
            {
                stack.Push((id, 1));
                if (second >= 0) stack.Push((second, 0));
                stack.Push((first, 0));
                continue;
            }
            local[id] = local.Count;
            tokens.Add((long)n.Op);
            tokens.Add(local[first]);
            if (second >= 0) tokens.Add(local[second]);
        }
        return new RowShape(tokens.ToArray(), leaves.ToArray(), internalNodes.ToArray());
    }

    /// <summary>Operands in canonical order: those of + and × by key, the stored order when the keys tie.</summary>
    private static (int First, int Second) Operands(Model.NodeSpec n, Dictionary<int, long> key)
    {
        if (!n.Op.IsBinary()) return (n.Left, -1);
        if (n.Op is Op.Add or Op.Multiply && key[n.Right] < key[n.Left]) return (n.Right, n.Left);
        return (n.Left, n.Right);
    }

    private static List<int> Reachable(ExpressionGraph g, int root)
    {
        var seen = new HashSet<int> { root };
        var list = new List<int> { root };
        for (int next = 0; next < list.Count; next++)
        {
            var n = g[list[next]];
            if (n.Op.IsLeaf()) continue;
            if (seen.Add(n.Left)) list.Add(n.Left);
            if (n.Op.IsBinary() && seen.Add(n.Right)) list.Add(n.Right);
        }
        return list;
    }

    private static long Mix(long a, long b)
    {
        unchecked
        {
            ulong h = (ulong)a * 0x9E3779B97F4A7C15UL ^ (ulong)b;
            h ^= h >> 29;
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 32;
            return (long)h;
        }
    }
}
