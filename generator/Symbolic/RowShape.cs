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
/// them by a key that ignores leaf indices, ties broken by indices relative to the row, so a
/// stencil's rows agree. Swapping the operands of + or × never changes a floating-point result, so code written
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

    /// <param name="counts">States, parameters, stimuli: the periods of the indices.</param>
    public static RowShape Of(ExpressionGraph g, int root, int row, int[] counts)
    {
        List<int> nodes = Reachable(g, root);
        nodes.Sort();
        var key = new Dictionary<int, Key>(nodes.Count);
        var internalNodes = new List<int>();
        foreach (int id in nodes)
        {
            var n = g[id];
            Key k;
            if (n.Op == Op.Constant)
            {
                long bits = BitConverter.DoubleToInt64Bits(n.Value);
                k = new Key(Mix((long)Op.Constant, bits), Mix((long)Op.Constant, bits), -1);
            }
            else if (n.Op.IsLeaf())
            {
                long relative = AffineIndex.Remainder((long)n.Value - row, Math.Max(CountOf(n.Op, counts), 1));
                k = new Key(Mix((long)n.Op, 0), Mix((long)n.Op, relative), relative);
            }
            else if (n.Op.IsBinary())
            {
                Key l = key[n.Left], r = key[n.Right];
                if (n.Op is Op.Add or Op.Multiply && Before(r, l)) (l, r) = (r, l);
                k = new Key(Mix(Mix((long)n.Op, l.Structure), r.Structure), Mix(Mix((long)n.Op, l.Indexed), r.Indexed), -1);
            }
            else
            {
                Key l = key[n.Left];
                k = new Key(Mix((long)n.Op, l.Structure), Mix((long)n.Op, l.Indexed), -1);
            }
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

    /// <summary>
    /// A node's sort key: Structure ignores leaf indices, so it is the same in every row of a loop whatever its
    /// leaves read; Indexed and Relative (a leaf's index relative to the row, modulo its count) break ties,
    /// so x[i + 1]·x[i − 1] and p[i]·p[D] come out in one order in every row.
    /// </summary>
    private readonly record struct Key(long Structure, long Indexed, long Relative);

    private static bool Before(Key a, Key b)
    {
        if (a.Structure != b.Structure) return a.Structure < b.Structure;
        if (a.Relative >= 0 && b.Relative >= 0) return a.Relative < b.Relative;
        return a.Indexed < b.Indexed;
    }

    /// <summary>Operands in canonical order: those of + and × by key, the stored order when the keys tie.</summary>
    private static (int First, int Second) Operands(Model.NodeSpec n, Dictionary<int, Key> key)
    {
        if (!n.Op.IsBinary()) return (n.Left, -1);
        if (n.Op is Op.Add or Op.Multiply && Before(key[n.Right], key[n.Left])) return (n.Right, n.Left);
        return (n.Left, n.Right);
    }

    private static int CountOf(Op op, int[] counts) => op switch
    {
        Op.State => counts[0],
        Op.Parameter => counts[1],
        _ => counts[2],
    };

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
