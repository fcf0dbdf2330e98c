using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Generator.Model;

namespace DeepestLearning.Generator.Symbolic;

/// <summary>
/// The derivatives of a <see cref="RowRun"/>'s first row, as expressions over its leaves. Every
/// other row of the run is the same function of its own leaves, so mapping the leaves through
/// their index functions gives that row's derivatives exactly: the gradient of Fᵢ (a Jacobian
/// row), of wᵢFᵢ (its share of wᵀJ), and the Hessian of wᵢFᵢ (its share of Σ wᵢ∇²Fᵢ), each entry
/// keyed by the leaf (or unordered pair of leaves) it differentiates by.
/// </summary>
internal sealed class RunDerivatives
{
    private RunDerivatives(List<(NodeSpec Leaf, int Node)> gradient, List<(NodeSpec Leaf, int Node)> weighted, List<(NodeSpec First, NodeSpec Second, int Node)> hessian)
    {
        Gradient = gradient;
        WeightedGradient = weighted;
        Hessian = hessian;
    }

    public List<(NodeSpec Leaf, int Node)> Gradient { get; }
    public List<(NodeSpec Leaf, int Node)> WeightedGradient { get; }

    /// <summary>One entry per unordered pair of leaves with a structurally nonzero second derivative.</summary>
    public List<(NodeSpec First, NodeSpec Second, int Node)> Hessian { get; }

    public static RunDerivatives Build(ExpressionGraph g, RowRun run, int output)
    {
        var gradient = Sorted(g, Differentiator.Gradient(g, new[] { (output, g.One) }));
        int weight = g.Variable(Op.Weight, run.First);
        var weighted = Sorted(g, Differentiator.Gradient(g, new[] { (output, weight) }));

        // Both orders of a pair are differentiated; the first nonzero one stands for the pair, so the
        // pattern holds a pair when either order is structurally nonzero.
        var hessian = new List<(NodeSpec, NodeSpec, int)>();
        var seen = new HashSet<(int, int)>();
        foreach (var (leaf, node) in weighted)
        {
            int a = g.Variable(leaf.Op, (int)leaf.Value);
            foreach (var (other, second) in Sorted(g, Differentiator.Gradient(g, new[] { (node, g.One) })))
            {
                int b = g.Variable(other.Op, (int)other.Value);
                if (seen.Add((System.Math.Min(a, b), System.Math.Max(a, b)))) hessian.Add((leaf, other, second));
            }
        }
        return new RunDerivatives(gradient, weighted, hessian);
    }

    /// <summary>(leaf, derivative) by leaf id, so the emitted order does not depend on dictionary order.</summary>
    private static List<(NodeSpec, int)> Sorted(ExpressionGraph g, Dictionary<int, int> derivatives) =>
        derivatives.OrderBy(pair => pair.Key).Select(pair => (g[pair.Key], pair.Value)).ToList();
}
