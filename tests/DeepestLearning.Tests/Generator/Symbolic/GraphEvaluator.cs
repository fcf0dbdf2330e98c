using System;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;

namespace DeepestLearning.Tests.Generator.Symbolic;

/// <summary>
/// Evaluates expression-graph nodes numerically, the way the emitted C# does (Math.Pow for a
/// power, Math.Sign as a double), so that symbolic results can be checked against numbers.
/// </summary>
internal static class GraphEvaluator
{
    /// <summary>The value of node <paramref name="id"/> at states x, parameters p, stimuli u and weights w.</summary>
    public static double Evaluate(ExpressionGraph graph, int id, double[] x, double[]? p = null, double[]? u = null, double[]? w = null)
    {
        // Operands always have smaller ids, so one ascending pass computes every node up to id
        // (also nodes id does not read, which is why a missing leaf is NaN rather than an error).
        var value = new double[id + 1];
        for (int k = 0; k <= id; k++)
        {
            NodeSpec n = graph[k];
            value[k] = n.Op switch
            {
                Op.Constant => n.Value,
                // A leaf the caller gave no values for is NaN, which poisons any result that reads it.
                Op.State => Leaf(x, n),
                Op.Parameter => Leaf(p, n),
                Op.Stimulus => Leaf(u, n),
                Op.Weight => Leaf(w, n),
                Op.Add => value[n.Left] + value[n.Right],
                Op.Subtract => value[n.Left] - value[n.Right],
                Op.Multiply => value[n.Left] * value[n.Right],
                Op.Divide => value[n.Left] / value[n.Right],
                Op.Power => Math.Pow(value[n.Left], value[n.Right]),
                _ => ExpressionGraph.Evaluate(n.Op, value[n.Left]),
            };
        }
        return value[id];
    }

    private static double Leaf(double[]? values, NodeSpec node) => values is null ? double.NaN : values[(int)node.Value];
}
