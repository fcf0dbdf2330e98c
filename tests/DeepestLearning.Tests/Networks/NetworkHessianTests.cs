using System;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;
using Xunit.Abstractions;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Networks;

/// <summary>The exact network Hessian against differences of the gradient, and the second-order minimizers on a network.</summary>
public class NetworkHessianTests(ITestOutputHelper output)
{
    private static NetworkAction<TNet> Action<TNet>(Random random, int pairs, int[]? measuredInputs, int[]? measuredOutputs, double rf) where TNet : ILayeredNetwork<TNet> =>
        new(new TrainingPairs(TNet.InputWidth, TNet.OutputWidth, ModelPoint.Uniform(random, pairs * TNet.InputWidth, -1, 1),
            ModelPoint.Uniform(random, pairs * TNet.OutputWidth, 0, 1), measuredInputs, measuredOutputs), 3.0, 5.0) { ModelPrecision = rf };

    /// <summary>Every column of ∇²A against central differences of ∇A (1e-6 relative); the pattern exact both ways.</summary>
    private static void HessianMatchesDifferencesOfGradient<TNet>(NetworkAction<TNet> action, Random random) where TNet : ILayeredNetwork<TNet>
    {
        int n = action.Dimension;
        double[] z = ModelPoint.Uniform(random, n, -1, 1);
        SparsityPattern pattern = action.HessianPattern;
        var values = new double[pattern.NonZeroCount];
        action.Hessian(z, values);
        double[,] h = DerivativeChecks<Lorenz63>.Dense(pattern, values);
        var gPlus = new double[n];
        var gMinus = new double[n];
        for (int c = 0; c < n; c++)
        {
            const double step = 1e-5;
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[c] += step;
            minus[c] -= step;
            action.Evaluate(plus, gPlus);
            action.Evaluate(minus, gMinus);
            for (int r = c; r < n; r++)
            {
                double fd = (gPlus[r] - gMinus[r]) / (2 * step);
                Assert.True(Math.Abs(fd - h[r, c]) <= 1e-6 * Math.Max(1.0, Math.Abs(h[r, c])), $"H[{r},{c}] = {h[r, c]:R} but difference of the gradient = {fd:R}");
                if (pattern.Contains(r, c)) Assert.True(h[r, c] != 0.0 || r == c, $"H[{r},{c}] is in the pattern but zero at a random point");
                else Assert.True(Math.Abs(fd) <= 1e-7, $"H[{r},{c}] = {fd:R} by differences but outside the pattern");
            }
        }
        for (int r = 0; r < n; r++)
        {
            Assert.True(pattern.Contains(r, r), $"diagonal {r} missing");
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++) Assert.True(pattern.ColumnIndex[e] <= r);
        }
    }

    [Fact]
    public void Dense_network_Hessian_matches_differences_of_the_gradient() =>
        HessianMatchesDifferencesOfGradient(Action<SigmoidNetwork>(new Random(31), 3, new[] { 0, 2 }, new[] { 1 }, rf: 7.0), new Random(32));

    [Fact]
    public void LayerMap_network_Hessian_matches_differences_of_the_gradient() =>
        HessianMatchesDifferencesOfGradient(Action<ResidualTanhNetwork>(new Random(33), 3, null, new[] { 0, 2 }, rf: 4.0), new Random(34));

    [Fact]
    public void Linear_network_Hessian_matches_differences_of_the_gradient() =>
        HessianMatchesDifferencesOfGradient(Action<LinearNetwork>(new Random(35), 2, null, null, rf: 2.0), new Random(36));

    [Fact]
    public void Hessian_evaluation_allocates_nothing()
    {
        NetworkAction<SigmoidNetwork> action = Action<SigmoidNetwork>(new Random(37), 10, null, null, 5.0);
        double[] z = ModelPoint.Uniform(new Random(38), action.Dimension, -1, 1);
        var values = new double[action.HessianPattern.NonZeroCount];
        action.Hessian(z, values);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++) action.Hessian(z, values);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// A residual twin network (4 layers of width 3, 48 weights, 200 pairs with noise 0.01) started from
    /// the truth's forward pass: Newton converges quadratically to a projected gradient ≤ 1e-10 in far
    /// fewer iterations than L-BFGS-B, and IPOPT finds the same minimum (1e-8).
    /// </summary>
    [Fact]
    public void Newton_and_IPOPT_minimize_a_network_action()
    {
        var random = new Random(41);
        double[] truth = ModelPoint.Uniform(random, NetworkLayout<ResidualTanhNetwork>.WeightCount, -1, 1);
        const int pairs = 200;
        var inputs = ModelPoint.Uniform(random, pairs * 3, -2, 2);
        var targets = new double[pairs * 3];
        var states = new double[NetworkLayout<ResidualTanhNetwork>.StatesPerExample];
        for (int k = 0; k < pairs; k++)
        {
            NetworkForward<ResidualTanhNetwork>.Run(truth, inputs.AsSpan(k * 3, 3), states);
            for (int i = 0; i < 3; i++) targets[k * 3 + i] = states[12 + i] + 0.01 * TwinExperiment.Gaussian(random);
        }
        var action = new NetworkAction<ResidualTanhNetwork>(new TrainingPairs(3, 3, inputs, targets), 1e4, 1e4) { ModelPrecision = 1e4 };
        var start = new double[action.Dimension];
        action.PackForwardPass(truth, start);
        var lower = new double[action.Dimension];
        var upper = new double[action.Dimension];
        Array.Fill(lower, -10);
        Array.Fill(upper, 10);

        double[] x = (double[])start.Clone();
        var newton = new TrustRegionNewton(action, new TrustRegionNewtonOptions { ProjectedGradientTolerance = 1e-10, RelativeReductionTolerance = 0 });
        MinimizerResult n = newton.Minimize(x, lower, upper);
        double[] y = (double[])start.Clone();
        MinimizerResult l = new LbfgsB(action, new LbfgsBOptions { ProjectedGradientTolerance = 1e-10, RelativeReductionTolerance = 0, MaxIterations = 100_000, MaxEvaluations = 120_000 }).Minimize(y, lower, upper);
        output.WriteLine($"Newton: A = {n.Value:R}, {n.Iterations} iterations, {n.Exit}, |pg| {n.ProjectedGradientNorm:E2}; gradient norms {string.Join(", ", Array.ConvertAll(newton.LastGradientNorms.ToArray(), g => g.ToString("E1")))}");
        output.WriteLine($"L-BFGS-B: A = {l.Value:R}, {l.Iterations} iterations, {l.Exit}, |pg| {l.ProjectedGradientNorm:E2}");
        Assert.Equal(ExitReason.ProjectedGradientTolerance, n.Exit);
        Assert.True(n.ProjectedGradientNorm <= 1e-10);
        Assert.True(n.Iterations * 10 < l.Iterations, $"Newton {n.Iterations} iterations vs L-BFGS-B {l.Iterations}");

        double[] w = (double[])start.Clone();
        var ipopt = new IpoptMinimizer(action, new IpoptOptions { Tolerance = 1e-10, MaxIterations = 500 });
        MinimizerResult p = ipopt.Minimize(w, lower, upper);
        output.WriteLine($"IPOPT: A = {p.Value:R}, {p.Iterations} iterations, {ipopt.LastStatus}");
        Assert.Equal(ExitReason.SolverConverged, p.Exit);
        Assert.True(Math.Abs(p.Value - n.Value) <= 1e-8 * Math.Abs(n.Value), $"IPOPT {p.Value:R} vs Newton {n.Value:R}");
    }
}
