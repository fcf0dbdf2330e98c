using System;
using System.Linq;
using DeepestLearning.Generator.Emit;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;
using Xunit;

namespace DeepestLearning.Tests.Generator.Symbolic;

/// <summary>
/// Common-subexpression elimination and temporaries in the emitted straight-line code: a node read
/// more than once is computed once into a temporary, a node read once is written inline,
/// temporaries are reused after their last reader, deep inline expressions are split, and
/// parentheses keep the graph's evaluation order.
/// </summary>
public class StraightLineCodeTests
{
    private static string Leaf(NodeSpec node) => node.Op switch
    {
        Op.State => $"x[{(int)node.Value}]",
        Op.Parameter => $"p[{(int)node.Value}]",
        Op.Stimulus => $"u[{(int)node.Value}]",
        _ => $"w[{(int)node.Value}]",
    };

    private static string[] Emit(ExpressionGraph g, params (string Target, int Node)[] assignments)
    {
        var writer = new IndentedWriter();
        StraightLineCode.Write(writer, g, assignments, Leaf);
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void ANodeReadTwiceIsComputedOnceIntoATemporary()
    {
        var g = new ExpressionGraph();
        int product = g.Multiply(g.Variable(Op.State, 0), g.Variable(Op.State, 1));
        string[] lines = Emit(g, ("a", g.Unary(Op.Sin, product)), ("b", g.Add(product, g.Variable(Op.State, 2))));
        Assert.Equal(new[]
        {
            "double t0;",
            "t0 = x[0] * x[1];",
            "a = global::System.Math.Sin(t0);",
            "b = t0 + x[2];",
        }, lines);
    }

    [Fact]
    public void SharingInsideOneExpressionAlsoMakesATemporary()
    {
        var g = new ExpressionGraph();
        int product = g.Multiply(g.Variable(Op.State, 0), g.Variable(Op.State, 1));
        string[] lines = Emit(g, ("a", g.Add(g.Unary(Op.Exp, product), g.Unary(Op.Cos, product))));
        Assert.Equal(new[]
        {
            "double t0;",
            "t0 = x[0] * x[1];",
            "a = global::System.Math.Exp(t0) + global::System.Math.Cos(t0);",
        }, lines);
    }

    [Fact]
    public void NodesReadOnceAreWrittenInlineWithoutTemporaries()
    {
        var g = new ExpressionGraph();
        int x = g.Variable(Op.State, 0), p = g.Variable(Op.Parameter, 0);
        string[] lines = Emit(g, ("a", g.Divide(g.Unary(Op.Exp, x), g.Add(p, g.Constant(2.0)))));
        Assert.Single(lines);
        Assert.DoesNotContain("t0", lines[0]);
    }

    [Fact]
    public void ATemporaryIsReusedOnceItsLastReaderHasRun()
    {
        var g = new ExpressionGraph();
        int first = g.Multiply(g.Variable(Op.State, 0), g.Variable(Op.State, 1));
        int second = g.Multiply(g.Variable(Op.State, 2), g.Variable(Op.State, 3));
        string[] lines = Emit(g,
            ("a", g.Unary(Op.Sin, first)), ("b", g.Unary(Op.Cos, first)),
            ("c", g.Unary(Op.Sin, second)), ("d", g.Unary(Op.Cos, second)));
        Assert.Equal("double t0;", lines[0]); // one local serves both shared nodes
        Assert.Contains("t0 = x[0] * x[1];", lines);
        Assert.Contains("t0 = x[2] * x[3];", lines);
        Assert.DoesNotContain(lines, line => line.Contains("t1", StringComparison.Ordinal));
    }

    [Fact]
    public void TemporariesStillLiveAreNotOverwritten()
    {
        var g = new ExpressionGraph();
        int first = g.Multiply(g.Variable(Op.State, 0), g.Variable(Op.State, 1));
        int second = g.Multiply(g.Variable(Op.State, 2), g.Variable(Op.State, 3));
        string[] lines = Emit(g,
            ("a", g.Add(first, second)), ("b", g.Subtract(first, second)));
        Assert.Equal("double t0, t1;", lines[0]);
        Assert.Contains("a = t0 + t1;", lines);
        Assert.Contains("b = t0 - t1;", lines);
    }

    [Fact]
    public void DeepInlineChainsAreSplitIntoTemporaries()
    {
        var g = new ExpressionGraph();
        int sum = g.Variable(Op.State, 0);
        for (int i = 1; i < 40; i++) sum = g.Add(sum, g.Unary(Op.Sin, g.Variable(Op.State, i))); // each partial sum read once
        string[] lines = Emit(g, ("a", sum));
        Assert.StartsWith("double t0", lines[0]);
        foreach (string line in lines)
        {
            int depth = 0, deepest = 0;
            foreach (char c in line)
            {
                if (c == '(') deepest = Math.Max(deepest, ++depth);
                else if (c == ')') depth--;
            }
            Assert.True(deepest <= 14, $"line nests {deepest} parentheses: {line}");
        }
    }

    [Fact]
    public void RightOperandsKeepTheirParenthesesBecauseFloatingPointIsNotAssociative()
    {
        var g = new ExpressionGraph();
        int a = g.Variable(Op.State, 0), b = g.Variable(Op.State, 1), c = g.Variable(Op.State, 2);
        Assert.Equal(new[] { "r = x[0] + (x[1] + x[2]);" }, Emit(g, ("r", g.Add(a, g.Add(b, c)))));
        Assert.Equal(new[] { "r = x[0] - x[1] - x[2];" }, Emit(g, ("r", g.Subtract(g.Subtract(a, b), c))));
        // Addition is commutative, so the graph orders its operands (older first): (a + b) + c is
        // c + (a + b), and the parentheses keep a + b evaluated first.
        Assert.Equal(new[] { "r = x[2] + (x[0] + x[1]);" }, Emit(g, ("r", g.Add(g.Add(a, b), c))));
        Assert.Equal(new[] { "r = x[0] - (x[1] - x[2]);" }, Emit(g, ("r", g.Subtract(a, g.Subtract(b, c)))));
        Assert.Equal(new[] { "r = (x[0] + x[1]) / x[2];" }, Emit(g, ("r", g.Divide(g.Add(a, b), c))));
        Assert.Equal(new[] { "r = -(x[0] * x[1]);" }, Emit(g, ("r", g.Negate(g.Multiply(a, b)))));
    }
}
