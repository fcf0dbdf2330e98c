using System;
using System.Collections.Generic;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// Turns a set of (target, node) assignments into straight-line C#: a node used more than once
/// becomes a temporary, computed once (common-subexpression elimination across all targets);
/// a node used once is written inline. Temporaries are reused once their last reader has run,
/// which keeps the number of locals small for the JIT.
/// </summary>
internal sealed class StraightLineCode
{
    // Inline expressions deeper than this are split into temporaries, so long accumulations stay
    // flat and neither the C# compiler nor the reader has to deal with deep nesting.
    private const int MaxInlineDepth = 12;

    private readonly ExpressionGraph _graph;
    private readonly Func<NodeSpec, string> _leafText;
    private readonly Dictionary<int, int> _uses = new();
    private readonly HashSet<int> _temporaryNodes = new();
    private readonly List<(int Node, string? Target)> _statements = new();
    private readonly HashSet<int> _scheduled = new();
    private readonly List<Frame> _frames = new();

    private readonly string _assignment;

    private StraightLineCode(ExpressionGraph graph, Func<NodeSpec, string> leafText, string assignment)
    {
        _graph = graph;
        _leafText = leafText;
        _assignment = assignment;
    }

    /// <summary>
    /// Writes the statements. Targets are C# lvalues such as "values[3]"; <paramref name="assignment"/>
    /// is " = " or " += " (accumulating products such as a layer's vector–Jacobian product).
    /// </summary>
    public static void Write(IndentedWriter writer, ExpressionGraph graph, IReadOnlyList<(string Target, int Node)> assignments, Func<NodeSpec, string> leafText, string assignment = " = ")
    {
        var code = new StraightLineCode(graph, leafText, assignment);
        code.CountUses(assignments);
        code.Schedule(assignments);
        code.Print(writer);
    }

    private void CountUses(IReadOnlyList<(string Target, int Node)> assignments)
    {
        var stack = new Stack<int>();
        foreach (var (_, node) in assignments)
        {
            Increment(node);
            stack.Push(node);
        }
        var visited = new HashSet<int>();
        while (stack.Count > 0)
        {
            int id = stack.Pop();
            if (!visited.Add(id)) continue;
            NodeSpec n = _graph[id];
            if (n.Op.IsLeaf()) continue;
            Increment(n.Left);
            stack.Push(n.Left);
            if (n.Op.IsBinary())
            {
                Increment(n.Right);
                stack.Push(n.Right);
            }
        }
        foreach (var pair in _uses)
            if (pair.Value > 1 && !_graph[pair.Key].Op.IsLeaf()) _temporaryNodes.Add(pair.Key);
    }

    private void Increment(int id) => _uses[id] = _uses.TryGetValue(id, out int count) ? count + 1 : 1;

    /// <summary>Orders statements so that every temporary is computed before its first reader.</summary>
    private void Schedule(IReadOnlyList<(string Target, int Node)> assignments)
    {
        foreach (var (target, node) in assignments)
        {
            if (_temporaryNodes.Contains(node))
            {
                if (!_scheduled.Contains(node)) _frames.Add(new Frame(node, Finish.Temporary));
            }
            else if (!_graph[node].Op.IsLeaf())
            {
                _frames.Add(new Frame(node, Finish.None));
            }
            Drain();
            _statements.Add((node, target));
        }
    }

    /// <summary>What happens when all operands of a frame's node are scheduled.</summary>
    private enum Finish
    {
        None,      // an assignment's own expression: nothing to add
        Inline,    // an operand written inline: becomes a temporary once it is deeper than MaxInlineDepth
        Temporary, // a shared node: computed into a temporary now
    }

    /// <summary>A node whose operands are being scheduled: Stage counts the operands done, Depth is their deepest inline depth.</summary>
    private struct Frame
    {
        public Frame(int id, Finish finish)
        {
            Id = id;
            Finish = finish;
            Stage = 0;
            Depth = 0;
        }

        public int Id;
        public Finish Finish;
        public int Stage;
        public int Depth;
    }

    /// <summary>
    /// Schedules operands left to right, depth first, on an explicit stack: a chain of single-use nodes
    /// (a long accumulation) is as deep as the model is long, far beyond what recursion survives.
    /// Each finished frame hands its inline depth to the frame below it.
    /// </summary>
    private void Drain()
    {
        int delivered = 0;
        while (_frames.Count > 0)
        {
            int top = _frames.Count - 1;
            Frame frame = _frames[top];
            NodeSpec n = _graph[frame.Id];
            if (frame.Stage > 0) frame.Depth = Math.Max(frame.Depth, delivered);
            int operand = frame.Stage == 0 ? n.Left : frame.Stage == 1 && n.Op.IsBinary() ? n.Right : -1;
            if (operand >= 0)
            {
                frame.Stage++;
                _frames[top] = frame;
                delivered = 0;
                if (_graph[operand].Op.IsLeaf()) continue;
                if (_temporaryNodes.Contains(operand))
                {
                    if (!_scheduled.Contains(operand)) _frames.Add(new Frame(operand, Finish.Temporary));
                    continue;
                }
                _frames.Add(new Frame(operand, Finish.Inline));
                continue;
            }

            _frames.RemoveAt(top);
            delivered = 1 + frame.Depth;
            if (frame.Finish == Finish.Temporary || (frame.Finish == Finish.Inline && delivered > MaxInlineDepth))
            {
                _temporaryNodes.Add(frame.Id);
                _scheduled.Add(frame.Id);
                _statements.Add((frame.Id, null));
                delivered = 0;
            }
        }
    }

    private void Print(IndentedWriter writer)
    {
        // Last statement reading each temporary, for register reuse.
        var lastUse = new Dictionary<int, int>();
        for (int s = 0; s < _statements.Count; s++)
            foreach (int t in Reads(_statements[s])) lastUse[t] = s;

        var register = new Dictionary<int, int>();
        var free = new SortedSet<int>();
        int registerCount = 0;
        var lines = new List<string>(_statements.Count);
        for (int s = 0; s < _statements.Count; s++)
        {
            var (node, target) = _statements[s];
            string expression = Expression(node, register, topLevel: target is null, out _);
            foreach (int t in Reads(_statements[s]))
                if (lastUse[t] == s) free.Add(register[t]);

            if (target is null)
            {
                int r;
                if (free.Count > 0)
                {
                    r = free.Min;
                    free.Remove(r);
                }
                else
                {
                    r = registerCount++;
                }
                register[node] = r;
                if (!lastUse.ContainsKey(node)) free.Add(r);
                lines.Add("t" + NumberFormatter.Integer(r) + " = " + expression + ";");
            }
            else
            {
                lines.Add(target + _assignment + expression + ";");
            }
        }

        if (registerCount > 0)
        {
            var names = new List<string>();
            for (int r = 0; r < registerCount; r++) names.Add("t" + NumberFormatter.Integer(r));
            for (int start = 0; start < names.Count; start += 16)
                writer.Line("double " + string.Join(", ", names.GetRange(start, Math.Min(16, names.Count - start))) + ";");
        }
        foreach (string line in lines) writer.Line(line);
    }

    private IEnumerable<int> Reads((int Node, string? Target) statement) =>
        statement.Target is not null && _temporaryNodes.Contains(statement.Node)
            ? new[] { statement.Node }
            : TemporariesRead(statement.Node);

    /// <summary>The temporaries an inline expression reads (stopping at temporaries).</summary>
    private IEnumerable<int> TemporariesRead(int root)
    {
        var result = new HashSet<int>();
        var stack = new Stack<int>();
        NodeSpec r = _graph[root];
        if (r.Op.IsLeaf()) return result;
        stack.Push(r.Left);
        if (r.Op.IsBinary()) stack.Push(r.Right);
        while (stack.Count > 0)
        {
            int id = stack.Pop();
            if (_temporaryNodes.Contains(id))
            {
                result.Add(id);
                continue;
            }
            NodeSpec n = _graph[id];
            if (n.Op.IsLeaf()) continue;
            stack.Push(n.Left);
            if (n.Op.IsBinary()) stack.Push(n.Right);
        }
        return result;
    }

    // Precedence: 1 additive, 2 multiplicative, 3 unary, 4 primary.
    private string Expression(int id, Dictionary<int, int> register, bool topLevel, out int precedence)
    {
        if (!topLevel && register.TryGetValue(id, out int r))
        {
            precedence = 4;
            return "t" + NumberFormatter.Integer(r);
        }
        NodeSpec n = _graph[id];
        switch (n.Op)
        {
            case Op.Constant:
                precedence = n.Value < 0 ? 3 : 4;
                return NumberFormatter.Literal(n.Value);
            case Op.State:
            case Op.Parameter:
            case Op.Stimulus:
            case Op.Weight:
                precedence = 4;
                return _leafText(n);
            case Op.Add: return Binary(n, " + ", 1, register, out precedence);
            case Op.Subtract: return Binary(n, " - ", 1, register, out precedence);
            case Op.Multiply: return Binary(n, " * ", 2, register, out precedence);
            case Op.Divide: return Binary(n, " / ", 2, register, out precedence);
            case Op.Power:
                precedence = 4;
                return "global::System.Math.Pow(" + Expression(n.Left, register, false, out _) + ", " + Expression(n.Right, register, false, out _) + ")";
            case Op.Negate:
            {
                precedence = 3;
                string operand = Expression(n.Left, register, false, out int p);
                return p < 3 || operand.StartsWith("-", StringComparison.Ordinal) ? "-(" + operand + ")" : "-" + operand;
            }
            case Op.Sign:
                precedence = 4;
                return "(double)global::System.Math.Sign(" + Expression(n.Left, register, false, out _) + ")";
            default:
                precedence = 4;
                return "global::System.Math." + n.Op + "(" + Expression(n.Left, register, false, out _) + ")";
        }
    }

    private string Binary(NodeSpec n, string symbol, int own, Dictionary<int, int> register, out int precedence)
    {
        precedence = own;
        string left = Expression(n.Left, register, false, out int pl);
        string right = Expression(n.Right, register, false, out int pr);
        if (pl < own) left = "(" + left + ")";
        // Right operands of equal precedence keep their parentheses: floating-point addition and
        // multiplication are not associative, so a + (b + c) must not print as a + b + c.
        if (pr <= own) right = "(" + right + ")";
        return left + symbol + right;
    }
}
