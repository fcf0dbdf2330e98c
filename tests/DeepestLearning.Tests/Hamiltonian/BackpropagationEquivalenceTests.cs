using System;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Hamiltonian;

/// <summary>Backpropagation is the backward integration of the canonical momentum (docs/design.md §1.4).</summary>
public class BackpropagationEquivalenceTests
{
    /// <summary>
    /// A residual network x + 0.5·tanh(W x + b) of 4 layers is 4 forward-Euler steps of
    /// dx/dτ = tanh(W(τ) x + b(τ)) with piecewise-constant weights. Integrating p backwards from
    /// p(T) = −R_m(x(T) − y) with the exact discrete adjoint gives ∂A/∂W(n) = −(∂Φ/∂W)ᵀp(n+1); it must
    /// equal R_m/2 times the backpropagation gradient of Σ(x(L) − y)² to 1e-10 relative, and the
    /// initial momentum must equal −∂A/∂x(0).
    /// </summary>
    [Fact]
    public void Adjoint_momentum_integration_equals_backpropagation()
    {
        var random = new Random(7);
        const int layers = 4, weights = 12;
        double[] w = ModelPoint.Uniform(random, layers * weights, -1, 1);
        double[] input = ModelPoint.Uniform(random, 3, -1, 1);
        double[] target = ModelPoint.Uniform(random, 3, -1, 1);
        const double rm = 3.0;

        var adjoint = new AdjointGradient<ContinuousTanh>(ExplicitRule.ForwardEuler, layers, 0.5);
        var gradient = new double[layers * weights];
        var initial = new double[3];
        double value = adjoint.Evaluate(input, w, new[] { 0, 1, 2 }, target, rm, gradient, initial);

        var loss = new Backpropagation<ResidualTanhNetwork>(new TrainingPairs(3, 3, input, target));
        var backprop = new double[loss.Dimension];
        double sum = loss.Evaluate(w, backprop);
        Assert.Equal(0.5 * rm * sum, value, 12);
        double worst = 0, scale = 0;
        for (int i = 0; i < gradient.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(gradient[i] - 0.5 * rm * backprop[i]));
            scale = Math.Max(scale, Math.Abs(gradient[i]));
        }
        Assert.True(worst <= 1e-10 * scale, $"adjoint vs backpropagation: max difference {worst:E3} (scale {scale:E3})");

        // ∂A/∂x(0) against central differences.
        for (int a = 0; a < 3; a++)
        {
            double[] plus = (double[])input.Clone(), minus = (double[])input.Clone();
            plus[a] += 1e-6;
            minus[a] -= 1e-6;
            double fd = (adjoint.Evaluate(plus, w, new[] { 0, 1, 2 }, target, rm, new double[gradient.Length], new double[3])
                - adjoint.Evaluate(minus, w, new[] { 0, 1, 2 }, target, rm, new double[gradient.Length], new double[3])) / 2e-6;
            Assert.True(Math.Abs(fd - initial[a]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"∂A/∂x(0)[{a}] = {initial[a]:R} vs {fd:R}");
        }
    }

    /// <summary>The RK4 adjoint gradient of a strong-constraint Lorenz96 problem passes the Taylor test in the initial state and F.</summary>
    [Fact]
    public void RK4_adjoint_gradient_passes_the_Taylor_test()
    {
        var random = new Random(8);
        const int steps = 40;
        var adjoint = new AdjointGradient<Lorenz96D10>(ExplicitRule.RungeKutta4, steps, 0.025);
        double[] x0 = ModelPoint.Uniform(random, 10, -5, 10);
        double[] f = new double[steps];
        Array.Fill(f, 8.17);
        int[] observed = { 0, 2, 4, 6, 8 };
        double[] target = ModelPoint.Uniform(random, 5, -5, 10);
        var g = new double[steps];
        var gx = new double[10];
        double a0 = adjoint.Evaluate(x0, f, observed, target, 4.0, g, gx);
        double[] dx = ModelPoint.Uniform(random, 10, -1, 1), df = ModelPoint.Uniform(random, steps, -1, 1);
        double slope = 0;
        for (int i = 0; i < 10; i++) slope += gx[i] * dx[i];
        for (int i = 0; i < steps; i++) slope += g[i] * df[i];
        var remainders = new System.Collections.Generic.List<double>();
        for (double eps = 1e-3; eps >= 1e-5; eps /= 2)
        {
            double[] x = (double[])x0.Clone(), p = (double[])f.Clone();
            for (int i = 0; i < 10; i++) x[i] += eps * dx[i];
            for (int i = 0; i < steps; i++) p[i] += eps * df[i];
            remainders.Add(Math.Abs(adjoint.Evaluate(x, p, observed, target, 4.0, new double[steps], new double[10]) - a0 - eps * slope));
        }
        DerivativeChecks<Lorenz63>.AssertSecondOrder(remainders);
    }

    /// <summary>The continuous-depth loss over several pairs equals backpropagation through the residual network (Euler, one step per layer).</summary>
    [Fact]
    public void Continuous_network_loss_equals_backpropagation_over_pairs()
    {
        var random = new Random(9);
        var pairs = new TrainingPairs(3, 3, ModelPoint.Uniform(random, 15, -1, 1), ModelPoint.Uniform(random, 15, -1, 1), measuredOutputs: new[] { 0, 2 });
        var continuous = new ContinuousNetworkLoss<ContinuousTanh>(pairs, ExplicitRule.ForwardEuler, horizon: 2.0, layers: 4);
        var backprop = new Backpropagation<ResidualTanhNetwork>(pairs);
        double[] w = ModelPoint.Uniform(random, 48, -1, 1);
        double[] g1 = new double[48], g2 = new double[48];
        Assert.Equal(backprop.Evaluate(w, g2), continuous.Evaluate(w, g1), 12);
        double worst = 0, scale = 0;
        for (int i = 0; i < 48; i++) { worst = Math.Max(worst, Math.Abs(g1[i] - g2[i])); scale = Math.Max(scale, Math.Abs(g2[i])); }
        Assert.True(worst <= 1e-10 * scale, $"max difference {worst:E3}");
    }

    /// <summary>With several RK4 steps per weight layer the loss gradient passes the Taylor test.</summary>
    [Fact]
    public void Continuous_network_loss_with_substeps_passes_the_Taylor_test()
    {
        var random = new Random(10);
        var pairs = new TrainingPairs(3, 3, ModelPoint.Uniform(random, 12, -1, 1), ModelPoint.Uniform(random, 12, -1, 1));
        var loss = new ContinuousNetworkLoss<ContinuousTanh>(pairs, ExplicitRule.RungeKutta4, horizon: 2.0, layers: 3, stepsPerLayer: 5);
        double[] w = ModelPoint.Uniform(random, loss.Dimension, -1, 1), g = new double[loss.Dimension], v = ModelPoint.Uniform(random, loss.Dimension, -1, 1);
        double f0 = loss.Evaluate(w, g), slope = 0;
        for (int i = 0; i < w.Length; i++) slope += g[i] * v[i];
        var remainders = new System.Collections.Generic.List<double>();
        for (double eps = 1e-2; eps >= 1e-4; eps /= 2)
        {
            double[] moved = (double[])w.Clone();
            for (int i = 0; i < w.Length; i++) moved[i] += eps * v[i];
            remainders.Add(Math.Abs(loss.Evaluate(moved, new double[w.Length]) - f0 - eps * slope));
        }
        DerivativeChecks<Lorenz63>.AssertSecondOrder(remainders);
    }
}
