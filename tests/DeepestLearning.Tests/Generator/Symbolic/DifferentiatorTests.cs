using System;
using System.Collections.Generic;
using DeepestLearning.Generator.Symbolic;
using Xunit;

namespace DeepestLearning.Tests.Generator.Symbolic;

/// <summary>
/// The symbolic derivative of every operation the graph supports against a central difference of
/// its value, each through an inner function so the chain rule is exercised too; then the
/// derivatives the model contract needs (Jacobian, wᵀJ, Σ wᵢ∇²Fᵢ) for a model that uses every
/// operation, against differences one order lower.
/// </summary>
public class DifferentiatorTests
{
    private const double Step = 1e-6;

    // Op is internal to the generator, so the cases name it (xunit's data must be public).
    public static TheoryData<string, double> UnaryCases => new()
    {
        // (operation, point x at which the inner argument 0.7x + 0.2 lies inside the domain)
        { "Negate", 0.3 }, { "Exp", 0.3 }, { "Log", 0.9 }, { "Sqrt", 0.9 }, { "Sin", 0.3 }, { "Cos", 0.3 },
        { "Tan", 0.3 }, { "Tanh", 0.3 }, { "Sinh", 0.3 }, { "Cosh", 0.3 }, { "Atan", 0.3 }, { "Abs", -1.1 }, { "Abs", 0.8 },
    };

    [Fact]
    public void UnaryCasesCoverEveryDifferentiableUnaryOperation()
    {
        var covered = new HashSet<string>();
        foreach (object[] row in UnaryCases) covered.Add((string)row[0]);
        foreach (Op op in Enum.GetValues<Op>())
            if (op >= Op.Negate && op != Op.Sign) Assert.Contains(op.ToString(), covered);
    }

    [Theory]
    [MemberData(nameof(UnaryCases))]
    public void UnaryDerivativeMatchesCentralDifference(string operation, double at)
    {
        Op op = Enum.Parse<Op>(operation);
        var g = new ExpressionGraph();
        int x = g.Variable(Op.State, 0);
        int inner = g.Add(g.Multiply(g.Constant(0.7), x), g.Constant(0.2));
        int f = g.Unary(op, inner);
        CheckFirstDerivatives(g, f, new[] { at });
    }

    [Fact]
    public void SignHasNoDerivative()
    {
        var g = new ExpressionGraph();
        int x = g.Variable(Op.State, 0);
        int f = g.Unary(Op.Sign, g.Subtract(x, g.Constant(0.5)));
        Assert.Empty(Differentiator.Gradient(g, new[] { (f, g.One) }));
    }

    public static TheoryData<string> BinaryCases => new() { "add", "subtract", "multiply", "divide", "power", "constant power" };

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryDerivativeMatchesCentralDifferencesInBothOperands(string operation)
    {
        var g = new ExpressionGraph();
        int x = g.Variable(Op.State, 0), p = g.Variable(Op.Parameter, 0);
        // Inner functions keep both operands positive (for the power) and distinct from each other.
        int a = g.Add(g.Multiply(x, x), g.Constant(0.5));
        int b = g.Add(g.Unary(Op.Sin, p), g.Constant(1.5));
        int f = operation switch
        {
            "add" => g.Add(a, b),
            "subtract" => g.Subtract(a, b),
            "multiply" => g.Multiply(a, b),
            "divide" => g.Divide(a, b),
            "power" => g.Power(a, b),
            _ => g.Power(a, g.Constant(1.5)),
        };
        CheckFirstDerivatives(g, f, new[] { 0.8 }, new[] { 0.4 });
    }

    [Fact]
    public void GradientOfASumOfSeededOutputsIsTheWeightedSumOfGradients()
    {
        var g = new ExpressionGraph();
        int x0 = g.Variable(Op.State, 0), x1 = g.Variable(Op.State, 1);
        int f0 = g.Multiply(x0, g.Unary(Op.Exp, x1)), f1 = g.Divide(x1, g.Add(x0, g.Constant(2.0)));
        int w0 = g.Variable(Op.Weight, 0), w1 = g.Variable(Op.Weight, 1);
        Dictionary<int, int> seeded = Differentiator.Gradient(g, new[] { (f0, w0), (f1, w1) });
        Dictionary<int, int> d0 = Differentiator.Gradient(g, new[] { (f0, g.One) }), d1 = Differentiator.Gradient(g, new[] { (f1, g.One) });
        double[] point = { 0.3, -0.6 }, weights = { 1.7, -0.4 };
        foreach (int variable in new[] { x0, x1 })
        {
            double expected = weights[0] * GraphEvaluator.Evaluate(g, d0[variable], point) + weights[1] * GraphEvaluator.Evaluate(g, d1[variable], point);
            double actual = GraphEvaluator.Evaluate(g, seeded[variable], point, w: weights);
            Assert.Equal(expected, actual, 1e-14);
        }
    }

    [Fact]
    public void ModelDerivativesOfAModelUsingEveryOperationMatchDifferences()
    {
        // F over z = (x0, x1, p0): two outputs that between them use every operation.
        var g = new ExpressionGraph();
        int x0 = g.Variable(Op.State, 0), x1 = g.Variable(Op.State, 1), p0 = g.Variable(Op.Parameter, 0);
        int u0 = g.Variable(Op.Stimulus, 0);
        int positive = g.Add(g.Multiply(x0, x0), g.Constant(1.0));
        int f0 = g.Add(
            g.Subtract(g.Multiply(p0, g.Unary(Op.Sin, x1)), g.Divide(g.Unary(Op.Exp, x0), positive)),
            g.Add(g.Unary(Op.Log, positive), g.Multiply(g.Unary(Op.Sqrt, positive), g.Unary(Op.Tanh, g.Multiply(x1, u0)))));
        int f1 = g.Add(
            g.Add(g.Power(positive, g.Unary(Op.Cos, p0)), g.Unary(Op.Tan, g.Multiply(g.Constant(0.3), x1))),
            g.Add(g.Subtract(g.Unary(Op.Sinh, x0), g.Unary(Op.Cosh, p0)),
                g.Add(g.Unary(Op.Atan, g.Multiply(x0, x1)), g.Multiply(g.Unary(Op.Abs, x1), g.Negate(g.Power(x0, g.Constant(3.0)))))));
        int[] outputs = { f0, f1 };
        ModelDerivatives derivatives = ModelDerivatives.Build(g, outputs, states: 2, parameters: 1);

        double[] z = { 0.4, -0.7, 0.9 }, u = { 1.3 }, w = { 0.6, -1.1 };
        double Value(int node, double[] at) => GraphEvaluator.Evaluate(g, node, new[] { at[0], at[1] }, new[] { at[2] }, u, w);

        // Jacobian entries against differences of F.
        var jacobian = new double[2, 3];
        foreach (var (row, column, node) in derivatives.Jacobian.Entries) jacobian[row, column] = Value(node, z);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
            {
                double difference = CentralDifference(at => Value(outputs[i], at), z, j);
                Assert.True(Math.Abs(jacobian[i, j] - difference) <= 1e-7 * Math.Max(1, Math.Abs(difference)), $"∂F{i}/∂z{j}: {jacobian[i, j]} vs {difference}");
            }

        // wᵀJ from its own reverse sweep.
        for (int j = 0; j < 3; j++)
            Assert.Equal(w[0] * jacobian[0, j] + w[1] * jacobian[1, j], Value(derivatives.TransposeProduct[j], z), 1e-12);

        // Σ wᵢ∇²Fᵢ (lower triangle) against differences of wᵀJ; the pattern must hold every non-zero.
        var second = new double[3, 3];
        foreach (var (row, column, node) in derivatives.SecondDerivative.Entries)
        {
            Assert.True(column <= row, "the second-derivative pattern is the lower triangle");
            second[row, column] = Value(node, z);
        }
        for (int i = 0; i < 3; i++)
            for (int j = 0; j <= i; j++)
            {
                int column = j;
                double difference = CentralDifference(at => Value(derivatives.TransposeProduct[i], at), z, column);
                Assert.True(Math.Abs(second[i, j] - difference) <= 1e-6 * Math.Max(1, Math.Abs(difference)), $"second derivative ({i}, {j}): {second[i, j]} vs {difference}");
            }
    }

    /// <summary>Every State/Parameter derivative of <paramref name="f"/> against a central difference of its value.</summary>
    private static void CheckFirstDerivatives(ExpressionGraph g, int f, double[] x, double[]? p = null)
    {
        Dictionary<int, int> gradient = Differentiator.Gradient(g, new[] { (f, g.One) });
        var variables = new List<(int Node, double[] Values, int Index)>();
        for (int i = 0; i < x.Length; i++) variables.Add((g.Variable(Op.State, i), x, i));
        for (int i = 0; i < (p?.Length ?? 0); i++) variables.Add((g.Variable(Op.Parameter, i), p!, i));
        foreach (var (node, values, index) in variables)
        {
            double original = values[index];
            values[index] = original + Step;
            double plus = GraphEvaluator.Evaluate(g, f, x, p);
            values[index] = original - Step;
            double minus = GraphEvaluator.Evaluate(g, f, x, p);
            values[index] = original;
            double difference = (plus - minus) / (2 * Step);
            double symbolic = gradient.TryGetValue(node, out int derivative) ? GraphEvaluator.Evaluate(g, derivative, x, p) : 0.0;
            Assert.True(Math.Abs(symbolic - difference) <= 1e-7 * Math.Max(1, Math.Abs(difference)), $"{g[node].Op} {index}: symbolic {symbolic} vs difference {difference}");
        }
    }

    private static double CentralDifference(Func<double[], double> function, double[] at, int index)
    {
        var moved = (double[])at.Clone();
        moved[index] = at[index] + Step;
        double plus = function(moved);
        moved[index] = at[index] - Step;
        return (plus - function(moved)) / (2 * Step);
    }
}
