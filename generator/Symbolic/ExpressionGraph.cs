using System;
using System.Collections.Generic;
using DeepestLearning.Generator.Model;

namespace DeepestLearning.Generator.Symbolic;

/// <summary>
/// A hash-consed scalar expression DAG that simplifies while it is built (constant folding,
/// neutral and absorbing elements, x - x, integer powers as products). Structurally equal
/// expressions are one node, so common subexpressions are shared by construction. Operands
/// always have smaller ids than the node using them, so ascending id order is a topological order.
/// </summary>
internal sealed class ExpressionGraph
{
    private readonly List<NodeSpec> _nodes = new();
    private readonly Dictionary<NodeSpec, int> _ids = new();

    public ExpressionGraph()
    {
        Zero = Constant(0.0);
        One = Constant(1.0);
    }

    public int Zero { get; }
    public int One { get; }
    public int Count => _nodes.Count;

    public NodeSpec this[int id] => _nodes[id];

    public IReadOnlyList<NodeSpec> Nodes => _nodes;

    /// <summary>Rebuilds a graph from nodes exported by <see cref="Nodes"/>, keeping ids.</summary>
    public static ExpressionGraph Import(EquatableArray<NodeSpec> nodes)
    {
        var graph = new ExpressionGraph();
        for (int i = 0; i < nodes.Count; i++)
        {
            int id = graph.Intern(nodes[i]);
            if (id != i) throw new InvalidOperationException("Imported node ids must be stable.");
        }
        return graph;
    }

    public bool IsConstant(int id, out double value)
    {
        NodeSpec node = _nodes[id];
        value = node.Value;
        return node.Op == Op.Constant;
    }

    public bool IsConstant(int id, double value) => IsConstant(id, out double v) && v.Equals(value);

    public int Constant(double value) => Intern(new NodeSpec(Op.Constant, -1, -1, value == 0.0 ? 0.0 : value));

    public int Variable(Op kind, int index) => Intern(new NodeSpec(kind, -1, -1, index));

    public int Add(int a, int b)
    {
        if (IsConstant(a, out double ca) && IsConstant(b, out double cb)) return Constant(ca + cb);
        if (IsConstant(a, 0.0)) return b;
        if (IsConstant(b, 0.0)) return a;
        if (_nodes[b].Op == Op.Negate) return Subtract(a, _nodes[b].Left);
        if (_nodes[a].Op == Op.Negate) return Subtract(b, _nodes[a].Left);
        if (a == b) return Multiply(Constant(2.0), a);
        return Commutative(Op.Add, a, b);
    }

    public int Subtract(int a, int b)
    {
        if (IsConstant(a, out double ca) && IsConstant(b, out double cb)) return Constant(ca - cb);
        if (a == b) return Zero;
        if (IsConstant(b, 0.0)) return a;
        if (IsConstant(a, 0.0)) return Negate(b);
        if (_nodes[b].Op == Op.Negate) return Add(a, _nodes[b].Left);
        return Intern(new NodeSpec(Op.Subtract, a, b, 0));
    }

    public int Multiply(int a, int b)
    {
        if (IsConstant(a, out double ca) && IsConstant(b, out double cb)) return Constant(ca * cb);
        if (IsConstant(a, 0.0) || IsConstant(b, 0.0)) return Zero;
        if (IsConstant(a, 1.0)) return b;
        if (IsConstant(b, 1.0)) return a;
        if (IsConstant(a, -1.0)) return Negate(b);
        if (IsConstant(b, -1.0)) return Negate(a);
        NodeSpec na = _nodes[a], nb = _nodes[b];
        if (na.Op == Op.Negate && nb.Op == Op.Negate) return Multiply(na.Left, nb.Left);
        if (na.Op == Op.Negate) return Negate(Multiply(na.Left, b));
        if (nb.Op == Op.Negate) return Negate(Multiply(a, nb.Left));
        return Commutative(Op.Multiply, a, b);
    }

    public int Divide(int a, int b)
    {
        if (IsConstant(a, out double ca) && IsConstant(b, out double cb) && cb != 0.0) return Constant(ca / cb);
        if (IsConstant(a, 0.0) && !IsConstant(b, 0.0)) return Zero;
        if (IsConstant(b, 1.0)) return a;
        if (IsConstant(b, -1.0)) return Negate(a);
        if (a == b && !IsConstant(a, 0.0)) return One;
        NodeSpec na = _nodes[a], nb = _nodes[b];
        if (na.Op == Op.Negate && nb.Op == Op.Negate) return Divide(na.Left, nb.Left);
        if (na.Op == Op.Negate) return Negate(Divide(na.Left, b));
        if (nb.Op == Op.Negate) return Negate(Divide(a, nb.Left));
        return Intern(new NodeSpec(Op.Divide, a, b, 0));
    }

    public int Negate(int a)
    {
        if (IsConstant(a, out double ca)) return Constant(-ca);
        NodeSpec na = _nodes[a];
        if (na.Op == Op.Negate) return na.Left;
        if (na.Op == Op.Subtract) return Subtract(na.Right, na.Left);
        return Intern(new NodeSpec(Op.Negate, a, -1, 0));
    }

    /// <summary>a^b. An integer constant exponent becomes products (by squaring); 1/2 becomes a square root.</summary>
    public int Power(int a, int b)
    {
        if (IsConstant(a, out double ca) && IsConstant(b, out double cb)) return Constant(Math.Pow(ca, cb));
        if (IsConstant(b, out double exponent))
        {
            if (exponent == Math.Floor(exponent) && Math.Abs(exponent) <= 64)
            {
                int n = (int)exponent;
                int magnitude = IntegerPower(a, Math.Abs(n));
                return n < 0 ? Divide(One, magnitude) : magnitude;
            }
            if (exponent == 0.5) return Unary(Op.Sqrt, a);
        }
        return Intern(new NodeSpec(Op.Power, a, b, 0));
    }

    private int IntegerPower(int a, int n)
    {
        if (n == 0) return One;
        if (n == 1) return a;
        int half = IntegerPower(a, n / 2);
        int square = Multiply(half, half);
        return n % 2 == 0 ? square : Multiply(square, a);
    }

    public int Unary(Op op, int a)
    {
        if (op == Op.Negate) return Negate(a);
        if (IsConstant(a, out double ca)) return Constant(Evaluate(op, ca));
        NodeSpec na = _nodes[a];
        if (op == Op.Abs && (na.Op is Op.Abs or Op.Exp or Op.Sqrt)) return a;
        if (op == Op.Abs && na.Op == Op.Negate) return Unary(Op.Abs, na.Left);
        if (op == Op.Log && na.Op == Op.Exp) return na.Left;
        return Intern(new NodeSpec(op, a, -1, 0));
    }

    public static double Evaluate(Op op, double a) => op switch
    {
        Op.Negate => -a,
        Op.Exp => Math.Exp(a),
        Op.Log => Math.Log(a),
        Op.Sqrt => Math.Sqrt(a),
        Op.Sin => Math.Sin(a),
        Op.Cos => Math.Cos(a),
        Op.Tan => Math.Tan(a),
        Op.Tanh => Math.Tanh(a),
        Op.Sinh => Math.Sinh(a),
        Op.Cosh => Math.Cosh(a),
        Op.Atan => Math.Atan(a),
        Op.Abs => Math.Abs(a),
        Op.Sign => Math.Sign(a),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a unary operation."),
    };

    /// <summary>Puts a constant operand first, otherwise the older node first, so a*b and b*a are one node.</summary>
    private int Commutative(Op op, int a, int b)
    {
        bool swap = _nodes[b].Op == Op.Constant ? _nodes[a].Op != Op.Constant : _nodes[a].Op != Op.Constant && b < a;
        return swap ? Intern(new NodeSpec(op, b, a, 0)) : Intern(new NodeSpec(op, a, b, 0));
    }

    private int Intern(NodeSpec node)
    {
        if (_ids.TryGetValue(node, out int id)) return id;
        id = _nodes.Count;
        _nodes.Add(node);
        _ids.Add(node, id);
        return id;
    }
}
