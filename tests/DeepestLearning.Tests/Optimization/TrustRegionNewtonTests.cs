using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;
using Xunit.Abstractions;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Optimization;

/// <summary>
/// Trust-region Newton: standard problems, bounds, quadratic convergence on Lorenz96 and the
/// neuron from nearby starts (against L-BFGS-B from the same start), no allocation.
/// </summary>
public class TrustRegionNewtonTests(ITestOutputHelper output)
{
    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    private static TrustRegionNewtonOptions Tight => new() { ProjectedGradientTolerance = 1e-10, RelativeReductionTolerance = 0 };

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    public void RosenbrockUnboundedConvergesInFewIterations(int n)
    {
        var x = Filled(n, -1.2);
        var newton = new TrustRegionNewton(new Rosenbrock(n), Tight);
        MinimizerResult result = newton.Minimize(x, Filled(n, double.NegativeInfinity), Filled(n, double.PositiveInfinity));
        Assert.Equal(ExitReason.ProjectedGradientTolerance, result.Exit);
        foreach (double xi in x) Assert.Equal(1.0, xi, 1e-9);
        var lbfgs = new LbfgsB(new Rosenbrock(n), new LbfgsBOptions { ProjectedGradientTolerance = 1e-10, RelativeReductionTolerance = 0 });
        MinimizerResult first = lbfgs.Minimize(Filled(n, -1.2), Filled(n, double.NegativeInfinity), Filled(n, double.PositiveInfinity));
        output.WriteLine($"n = {n}: Newton {result.Iterations} iterations ({result.Evaluations} f, {result.HessianEvaluations} H); L-BFGS-B {first.Iterations} iterations ({first.Evaluations} f)");
        Assert.True(result.Iterations < first.Iterations);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    public void RosenbrockWithActiveUpperBoundSatisfiesKkt(int n)
    {
        var x = Filled(n, -1.2);
        MinimizerResult result = new TrustRegionNewton(new Rosenbrock(n), Tight).Minimize(x, Filled(n, -2.0), Filled(n, 0.5));
        Assert.Equal(ExitReason.ProjectedGradientTolerance, result.Exit);
        Assert.Contains(x, xi => xi == 0.5);
        var g = new double[n];
        new Rosenbrock(n).Evaluate(x, g);
        for (int i = 0; i < n; i++)
        {
            Assert.InRange(x[i], -2.0, 0.5);
            if (x[i] < 0.5) Assert.True(Math.Abs(g[i]) <= 1e-10, $"g[{i}] = {g[i]} at free x = {x[i]}");
            else Assert.True(g[i] <= 0, $"g[{i}] = {g[i]} must be ≤ 0 at the upper bound");
        }
    }

    [Fact]
    public void BoundedQuadraticAndCorner()
    {
        var x = new double[5];
        MinimizerResult result = new TrustRegionNewton(new Quadratic(new double[] { 1, 10, 100, 0.5, 3 }, new double[] { 2, -3, 0.5, 4, -0.2 }), Tight).Minimize(x, Filled(5, -1), Filled(5, 1));
        Assert.Equal(ExitReason.ProjectedGradientTolerance, result.Exit);
        double[] expected = { 1, -1, 0.5, 1, -0.2 };
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], x[i], 12);

        var corner = new double[] { 0.1, -0.2, 0.3 };
        result = new TrustRegionNewton(new Quadratic(new double[] { 1, 4, 9 }, new double[] { 5, 5, -5 }), Tight).Minimize(corner, Filled(3, -1), Filled(3, 1));
        Assert.Equal(ExitReason.ProjectedGradientTolerance, result.Exit);
        Assert.Equal(new double[] { 1, 1, -1 }, corner);
    }

    /// <summary>Reports the order of convergence over the last steps above round-off: log ratio of successive reductions.</summary>
    private static double ObservedOrder(ReadOnlySpan<double> norms)
    {
        double best = 0;
        for (int k = 1; k + 1 < norms.Length; k++)
        {
            if (!(norms[k] < 1e-2 * norms[0]) || norms[k + 1] < 1e-14 || norms[k] >= norms[k - 1]) continue;
            double order = Math.Log(norms[k + 1] / norms[k]) / Math.Log(norms[k] / norms[k - 1]);
            best = Math.Max(best, order);
        }
        return best;
    }

    private void CompareFromNearbyStart<TModel>(AssimilationProblem<TModel> problem, double[] start, double[] rf, string name) where TModel : IDynamicalModel<TModel>
    {
        int n = problem.VariableCount;
        (ActionFunction<TModel> action, double[] lower, double[] upper) = NearbyStartProblems.Prepare(problem, rf);

        var newton = new TrustRegionNewton(action, Tight);
        double[] x = (double[])start.Clone();
        MinimizerResult second = newton.Minimize(x, lower, upper);
        double[] norms = newton.LastGradientNorms.ToArray();
        output.WriteLine($"{name}: Newton {second.Exit} after {second.Iterations} iterations ({second.Evaluations} f+g, {second.HessianEvaluations} H), A = {second.Value:R}");
        output.WriteLine("  projected-gradient norms: " + string.Join(", ", norms.Select(v => v.ToString("E2"))));

        var lbfgs = new LbfgsB(action, new LbfgsBOptions { ProjectedGradientTolerance = 1e-10, RelativeReductionTolerance = 0, MaxIterations = 5000, MaxEvaluations = 6000 });
        double[] y = (double[])start.Clone();
        MinimizerResult first = lbfgs.Minimize(y, lower, upper);
        output.WriteLine($"{name}: L-BFGS-B {first.Exit} after {first.Iterations} iterations ({first.Evaluations} f+g), A = {first.Value:R}, |pg| = {first.ProjectedGradientNorm:E2}");

        Assert.Equal(ExitReason.ProjectedGradientTolerance, second.Exit);
        Assert.True(second.ProjectedGradientNorm <= 1e-10);
        Assert.True(10 * second.Iterations < first.Iterations, $"Newton {second.Iterations} vs L-BFGS-B {first.Iterations} iterations");
        double order = ObservedOrder(norms);
        Assert.True(order > 1.8, $"observed order of convergence {order:F2}");
    }

    [Fact]
    public void Lorenz96ConvergesQuadraticallyAndFarFasterThanLbfgsB()
    {
        (AssimilationProblem<Lorenz96D10> problem, double[] start, double[] rf, string name) = NearbyStartProblems.Lorenz96();
        CompareFromNearbyStart(problem, start, rf, name);
    }

    [Fact]
    public void NeuronConvergesQuadraticallyAndFarFasterThanLbfgsB()
    {
        (AssimilationProblem<NaKLNeuron> problem, double[] start, double[] rf, string name) = NearbyStartProblems.Neuron();
        CompareFromNearbyStart(problem, start, rf, name);
    }

    [Fact]
    public void IterationsAllocateNothingAfterTheFirstRun()
    {
        int n = 100;
        var f = new Rosenbrock(n);
        var newton = new TrustRegionNewton(f, Tight);
        double[] lower = Filled(n, -5), upper = Filled(n, 5), x = Filled(n, -1.2);
        newton.Minimize(x, lower, upper);
        Array.Fill(x, -1.2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        MinimizerResult result = newton.Minimize(x, lower, upper);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(result.Iterations > 5);
    }

    /// <summary>
    /// A minimizer reused for the next β level must start as a fresh one would. It once sized its
    /// first trust radius from the previous run's last (tiny) step, so every annealing level spent
    /// its first iterations doubling the radius (found on the neuron: ~6 of ~10 per level).
    /// </summary>
    [Fact]
    public void AReusedMinimizerStartsLikeAFreshOne()
    {
        var f = new Quadratic(new double[] { 1, 10, 100, 0.5, 3 }, new double[] { 2, -3, 0.5, 4, -0.2 });
        double[] lower = Filled(5, double.NegativeInfinity), upper = Filled(5, double.PositiveInfinity);
        var reused = new TrustRegionNewton(f, Tight);
        reused.Minimize(Filled(5, 0.0), lower, upper);
        double[] again = Filled(5, 7.0), fresh = Filled(5, 7.0);
        MinimizerResult second = reused.Minimize(again, lower, upper);
        MinimizerResult first = new TrustRegionNewton(f, Tight).Minimize(fresh, lower, upper);
        Assert.Equal(1, first.Iterations); // the Newton step of a quadratic is exact
        Assert.Equal(first.Iterations, second.Iterations);
        Assert.Equal(fresh, again);
    }

    [Fact]
    public void AnObjectiveWithoutHessianIsRejectedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrustRegionNewtonOptions().Create(new FirstOrderOnly()));
        Assert.Equal("objective", error.ParamName);
        Assert.Contains(nameof(ISecondOrderObjective), error.Message);
    }

    private sealed class FirstOrderOnly : IObjective
    {
        public int Dimension => 2;
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient) => 0;
    }
}
