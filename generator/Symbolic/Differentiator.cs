using System.Collections.Generic;

namespace DeepestLearning.Generator.Symbolic;

/// <summary>
/// Symbolic reverse-mode differentiation on the expression graph. One sweep over the nodes
/// reachable from the seeded outputs, in descending id order (a reverse topological order),
/// propagates adjoint expressions to operands. The adjoints are themselves graph nodes, so
/// derivatives are simplified and share subexpressions with the function.
/// </summary>
internal static class Differentiator
{
    /// <summary>
    /// Returns d(Σ seed·output)/d(variable) for every State/Parameter variable whose derivative
    /// is not structurally zero, keyed by the variable's node id.
    /// </summary>
    public static Dictionary<int, int> Gradient(ExpressionGraph g, IReadOnlyList<(int Output, int Seed)> seeds)
    {
        var adjoint = new Dictionary<int, int>();
        // The nodes holding an adjoint, visited largest id first. Scanning every id below the output
        // instead made one row's gradient cost the whole graph, and a model's Jacobian quadratic in its size.
        var pending = new SortedSet<int>();
        foreach ((int output, int seed) in seeds) Accumulate(g, adjoint, pending, output, seed);

        var result = new Dictionary<int, int>();
        while (pending.Count > 0)
        {
            int id = pending.Max;
            pending.Remove(id);
            int bar = adjoint[id];
            var node = g[id];
            if (node.Op.IsVariable())
            {
                if (!g.IsConstant(bar, 0.0)) result[id] = bar;
                continue;
            }
            if (node.Op.IsLeaf()) continue;
            Propagate(g, adjoint, pending, id, bar);
        }
        return result;
    }

    private static void Propagate(ExpressionGraph g, Dictionary<int, int> adjoint, SortedSet<int> pending, int id, int bar)
    {
        var node = g[id];
        int a = node.Left, b = node.Right;
        switch (node.Op)
        {
            case Op.Add:
                Accumulate(g, adjoint, pending, a, bar);
                Accumulate(g, adjoint, pending, b, bar);
                break;
            case Op.Subtract:
                Accumulate(g, adjoint, pending, a, bar);
                Accumulate(g, adjoint, pending, b, g.Negate(bar));
                break;
            case Op.Multiply:
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, b));
                Accumulate(g, adjoint, pending, b, g.Multiply(bar, a));
                break;
            case Op.Divide:
                // d(a/b)/da = 1/b, d(a/b)/db = -(a/b)/b
                Accumulate(g, adjoint, pending, a, g.Divide(bar, b));
                Accumulate(g, adjoint, pending, b, g.Negate(g.Divide(g.Multiply(bar, id), b)));
                break;
            case Op.Power:
                // d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, g.Multiply(b, g.Power(a, g.Subtract(b, g.One)))));
                if (!g.IsConstant(b, out _))
                    Accumulate(g, adjoint, pending, b, g.Multiply(bar, g.Multiply(id, g.Unary(Op.Log, a))));
                break;
            case Op.Negate:
                Accumulate(g, adjoint, pending, a, g.Negate(bar));
                break;
            case Op.Exp:
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, id));
                break;
            case Op.Log:
                Accumulate(g, adjoint, pending, a, g.Divide(bar, a));
                break;
            case Op.Sqrt:
                Accumulate(g, adjoint, pending, a, g.Divide(bar, g.Multiply(g.Constant(2.0), id)));
                break;
            case Op.Sin:
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, g.Unary(Op.Cos, a)));
                break;
            case Op.Cos:
                Accumulate(g, adjoint, pending, a, g.Negate(g.Multiply(bar, g.Unary(Op.Sin, a))));
                break;
            case Op.Tan:
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, g.Add(g.One, g.Multiply(id, id))));
                break;
            case Op.Tanh:
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, g.Subtract(g.One, g.Multiply(id, id))));
                break;
            case Op.Sinh:
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, g.Unary(Op.Cosh, a)));
                break;
            case Op.Cosh:
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, g.Unary(Op.Sinh, a)));
                break;
            case Op.Atan:
                Accumulate(g, adjoint, pending, a, g.Divide(bar, g.Add(g.One, g.Multiply(a, a))));
                break;
            case Op.Abs:
                Accumulate(g, adjoint, pending, a, g.Multiply(bar, g.Unary(Op.Sign, a)));
                break;
            case Op.Sign:
                break; // piecewise constant: derivative zero almost everywhere
        }
    }

    private static void Accumulate(ExpressionGraph g, Dictionary<int, int> adjoint, SortedSet<int> pending, int id, int contribution)
    {
        if (g.IsConstant(contribution, 0.0)) return;
        Op op = g[id].Op;
        if (op == Op.Constant || op == Op.Stimulus || op == Op.Weight) return;
        if (adjoint.TryGetValue(id, out int existing))
        {
            adjoint[id] = g.Add(existing, contribution);
            return;
        }
        adjoint[id] = contribution;
        pending.Add(id);
    }
}
