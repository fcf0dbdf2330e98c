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
    /// <param name="prologue">A statement before the straight-line code (clearing an output that loops accumulate into).</param>
    /// <param name="loops">Bodies of methods run after the straight-line code, one per row loop (see <see cref="RowLoop"/>).</param>
    public static void Write(IndentedWriter w, ExpressionGraph graph, string name, string summary, MemberSignature signature,
        IReadOnlyList<(string Target, int Node)> assignments, string assignment = " = ", bool last = false,
        string? prologue = null, IReadOnlyList<Action<IndentedWriter>>? loops = null)
    {
        w.Line("/// <summary>" + summary + " Allocates nothing.</summary>");
        w.Open("public static void " + name + "(" + signature.Parameters + ")");
        foreach (string check in signature.Checks) w.Line(check);
        if (prologue is not null) w.Line(prologue);
        loops ??= Array.Empty<Action<IndentedWriter>>();

        List<List<int>> chunks = Chunk(graph, assignments.Select(a => a.Node).ToList());
        if (chunks.Count == 1)
        {
            if (chunks[0].Count > 0 || loops.Count == 0) WriteBody(w, graph, signature, assignments, chunks[0], assignment);
            WriteLoopCalls(w, name, signature, loops);
            w.Close();
        }
        else
        {
            for (int c = 0; c < chunks.Count; c++) w.Line("__dl" + name + NumberFormatter.Integer(c) + "(" + signature.Arguments + ");");
            WriteLoopCalls(w, name, signature, loops);
            w.Close();
            for (int c = 0; c < chunks.Count; c++)
            {
                w.Line();
                w.Open("private static void __dl" + name + NumberFormatter.Integer(c) + "(" + signature.Parameters + ")");
                WriteBody(w, graph, signature, assignments, chunks[c], assignment);
                w.Close();
            }
        }
        // Each loop in its own method: its temporaries would otherwise clash with those of the straight-line code.
        for (int q = 0; q < loops.Count; q++)
        {
            w.Line();
            w.Open("private static void __dl" + name + "Rows" + NumberFormatter.Integer(q) + "(" + signature.Parameters + ")");
            loops[q](w);
            w.Close();
        }
        if (!last) w.Line();
    }

    private static void WriteLoopCalls(IndentedWriter w, string name, MemberSignature signature, IReadOnlyList<Action<IndentedWriter>> loops)
    {
        for (int q = 0; q < loops.Count; q++) w.Line("__dl" + name + "Rows" + NumberFormatter.Integer(q) + "(" + signature.Arguments + ");");
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
