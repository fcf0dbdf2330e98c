using System;
using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// How one emitted member looks from outside: its parameter list, the argument list its chunks are
/// called with, the argument checks of the public method, the bounds "touches" that open every
/// chunk (reading the highest index first lets the JIT drop later bounds checks), and how leaves print.
/// </summary>
internal sealed record MemberSignature(
    string Parameters,
    string Arguments,
    IReadOnlyList<string> Checks,
    IReadOnlyList<string> BoundsTouches,
    Func<NodeSpec, string> Leaf);

/// <summary>
/// Emits a member as straight-line code, split into chunk methods with their own temporaries when
/// it is large, because the JIT compiles a very large method with minimal optimization (docs/design.md §4.2).
/// </summary>
internal static class ChunkedMember
{
    // Distinct operations per emitted method. A few hundred statements keep every method well
    // inside the JIT's fully optimizing limits (IL size and tracked locals).
    private const int MaxOperationsPerMethod = 600;

    /// <param name="assignments">(C# target, node) per output, in the order they are written.</param>
    /// <param name="assignment">" = " or " += ".</param>
    public static void Write(IndentedWriter w, ExpressionGraph graph, string name, string summary, MemberSignature signature,
        IReadOnlyList<(string Target, int Node)> assignments, string assignment = " = ", bool last = false)
    {
        w.Line("/// <summary>" + summary + " Allocates nothing.</summary>");
        w.Open("public static void " + name + "(" + signature.Parameters + ")");
        foreach (string check in signature.Checks) w.Line(check);

        List<List<int>> chunks = Chunk(graph, assignments.Select(a => a.Node).ToList());
        if (chunks.Count == 1)
        {
            WriteBody(w, graph, signature, assignments, chunks[0], assignment);
            w.Close();
        }
        else
        {
            for (int c = 0; c < chunks.Count; c++) w.Line("__dl" + name + NumberFormatter.Integer(c) + "(" + signature.Arguments + ");");
            w.Close();
            for (int c = 0; c < chunks.Count; c++)
            {
                w.Line();
                w.Open("private static void __dl" + name + NumberFormatter.Integer(c) + "(" + signature.Parameters + ")");
                WriteBody(w, graph, signature, assignments, chunks[c], assignment);
                w.Close();
            }
        }
        if (!last) w.Line();
    }

    private static void WriteBody(IndentedWriter w, ExpressionGraph graph, MemberSignature signature, IReadOnlyList<(string Target, int Node)> assignments, List<int> indices, string assignment)
    {
        foreach (string touch in signature.BoundsTouches) w.Line(touch);
        StraightLineCode.Write(w, graph, indices.Select(k => assignments[k]).ToList(), signature.Leaf, assignment);
    }

    /// <summary>Groups consecutive outputs so that each group computes at most about MaxOperationsPerMethod operations.</summary>
    private static List<List<int>> Chunk(ExpressionGraph graph, List<int> nodes)
    {
        var chunks = new List<List<int>> { new() };
        var seen = new HashSet<int>();
        int operations = 0;
        for (int k = 0; k < nodes.Count; k++)
        {
            int added = CountNew(graph, nodes[k], seen);
            if (operations > 0 && operations + added > MaxOperationsPerMethod)
            {
                // Start a new method; its operations are counted afresh (shared nodes are recomputed there).
                chunks.Add(new List<int>());
                seen.Clear();
                added = CountNew(graph, nodes[k], seen);
                operations = 0;
            }
            operations += added;
            chunks[chunks.Count - 1].Add(k);
        }
        return chunks;
    }

    /// <summary>Operations under <paramref name="root"/> not yet in <paramref name="seen"/>; adds them.</summary>
    private static int CountNew(ExpressionGraph graph, int root, HashSet<int> seen)
    {
        int added = 0;
        var stack = new Stack<int>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            int id = stack.Pop();
            NodeSpec n = graph[id];
            if (n.Op.IsLeaf() || !seen.Add(id)) continue;
            added++;
            stack.Push(n.Left);
            if (n.Op.IsBinary()) stack.Push(n.Right);
        }
        return added;
    }
}
