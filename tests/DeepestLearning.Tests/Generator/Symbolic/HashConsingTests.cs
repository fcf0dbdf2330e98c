using System;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;
using Xunit;

namespace DeepestLearning.Tests.Generator.Symbolic;

/// <summary>
/// The graph is hash-consed: structurally equal expressions are one node, which is what makes
/// common subexpressions shared by construction and the flat node array a usable cache key.
/// </summary>
public class HashConsingTests
{
    [Fact]
    public void BuildingTheSameExpressionTwiceGivesTheSameNodeAndNoNewNodes()
    {
        var g = new ExpressionGraph();
        int x = g.Variable(Op.State, 0), p = g.Variable(Op.Parameter, 0);
        int first = g.Unary(Op.Sin, g.Multiply(p, g.Subtract(x, g.Constant(3.0))));
        int count = g.Count;
        int second = g.Unary(Op.Sin, g.Multiply(p, g.Subtract(x, g.Constant(3.0))));
        Assert.Equal(first, second);
        Assert.Equal(count, g.Count);
    }

    [Fact]
    public void CommutativeOperationsAreOneNodeWhicheverOperandComesFirst()
    {
        var g = new ExpressionGraph();
        int x = g.Variable(Op.State, 0), y = g.Variable(Op.State, 1), c = g.Constant(2.5);
        Assert.Equal(g.Add(x, y), g.Add(y, x));
        Assert.Equal(g.Multiply(x, y), g.Multiply(y, x));
        int scaled = g.Multiply(x, c);
        Assert.Equal(scaled, g.Multiply(c, x));
        Assert.Equal(c, g[scaled].Left); // the constant operand is put first
        Assert.NotEqual(g.Subtract(x, y), g.Subtract(y, x));
        Assert.NotEqual(g.Divide(x, y), g.Divide(y, x));
    }

    [Fact]
    public void VariablesOfDifferentKindsOrIndicesAreDifferentNodes()
    {
        var g = new ExpressionGraph();
        Assert.Equal(g.Variable(Op.State, 1), g.Variable(Op.State, 1));
        Assert.NotEqual(g.Variable(Op.State, 1), g.Variable(Op.State, 2));
        Assert.NotEqual(g.Variable(Op.State, 1), g.Variable(Op.Parameter, 1));
        Assert.NotEqual(g.Variable(Op.Stimulus, 1), g.Variable(Op.Weight, 1));
    }

    [Fact]
    public void NegativeZeroIsTheZeroNode()
    {
        var g = new ExpressionGraph();
        Assert.Equal(g.Zero, g.Constant(-0.0));
        Assert.False(double.IsNegative(g[g.Constant(-0.0)].Value));
    }

    [Fact]
    public void OperandsAlwaysHaveSmallerIdsThanTheirNode()
    {
        var g = new ExpressionGraph();
        int x = g.Variable(Op.State, 0), y = g.Variable(Op.State, 1);
        int e = g.Add(g.Multiply(g.Unary(Op.Exp, x), y), g.Divide(g.Unary(Op.Tanh, y), g.Add(x, g.Constant(4.0))));
        Differentiator.Gradient(g, new[] { (e, g.One) }); // derivative nodes are added too
        for (int id = 0; id < g.Count; id++)
        {
            NodeSpec node = g[id];
            if (node.Op.IsLeaf()) continue;
            Assert.True(node.Left < id, $"node {id} reads node {node.Left}");
            if (node.Op.IsBinary()) Assert.True(node.Right < id, $"node {id} reads node {node.Right}");
        }
    }

    [Fact]
    public void ImportRebuildsTheSameIdsAndRejectsUnstableOnes()
    {
        var g = new ExpressionGraph();
        int x = g.Variable(Op.State, 0);
        int e = g.Unary(Op.Cos, g.Multiply(x, g.Constant(3.0)));
        var nodes = new NodeSpec[g.Count];
        for (int id = 0; id < g.Count; id++) nodes[id] = g[id];

        ExpressionGraph copy = ExpressionGraph.Import(new EquatableArray<NodeSpec>(nodes));
        Assert.Equal(g.Count, copy.Count);
        for (int id = 0; id < g.Count; id++) Assert.Equal(g[id], copy[id]);
        Assert.Equal(e, copy.Unary(Op.Cos, copy.Multiply(copy.Variable(Op.State, 0), copy.Constant(3.0))));

        var duplicated = new NodeSpec[nodes.Length + 1];
        nodes.CopyTo(duplicated, 0);
        duplicated[^1] = nodes[^1]; // a second copy of the last node would get the first one's id
        Assert.Throws<InvalidOperationException>(() => ExpressionGraph.Import(new EquatableArray<NodeSpec>(duplicated)));
    }
}
