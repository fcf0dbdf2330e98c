using System;
using System.Collections.Generic;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Networks;

/// <summary>The network action and the backpropagation loss: gradients, their equivalence under a hard model constraint, allocation, and a twin fit by annealing.</summary>
public class NetworkTrainingTests
{
    private static TrainingPairs RandomPairs<TNet>(Random random, int count, int[]? measuredInputs = null, int[]? measuredOutputs = null) where TNet : ILayeredNetwork<TNet> =>
        new(TNet.InputWidth, TNet.OutputWidth,
            ModelPoint.Uniform(random, count * TNet.InputWidth, -1, 1), ModelPoint.Uniform(random, count * TNet.OutputWidth, 0, 1), measuredInputs, measuredOutputs);

    /// <summary>‖f(z+εv) − f(z) − ε∇f·v‖ falls as ε².</summary>
    private static void AssertTaylor(IObjective f, double[] z, Random random)
    {
        var g = new double[f.Dimension];
        double f0 = f.Evaluate(z, g);
        double[] v = ModelPoint.Uniform(random, f.Dimension, -1, 1);
        double slope = 0;
        for (int i = 0; i < v.Length; i++) slope += g[i] * v[i];
        var remainders = new List<double>();
        var scratch = new double[f.Dimension];
        for (double eps = 1e-2; eps >= 1e-4; eps /= 2)
        {
            double[] moved = (double[])z.Clone();
            for (int i = 0; i < v.Length; i++) moved[i] += eps * v[i];
            remainders.Add(Math.Abs(f.Evaluate(moved, scratch) - f0 - eps * slope));
        }
        DerivativeChecks<Lorenz63>.AssertSecondOrder(remainders);
    }

    [Fact]
    public void Network_action_gradient_passes_the_Taylor_test()
    {
        var random = new Random(3);
        var action = new NetworkAction<SigmoidNetwork>(RandomPairs<SigmoidNetwork>(random, 5, measuredOutputs: new[] { 1 }), inputPrecision: 4.0, outputPrecision: 9.0) { ModelPrecision = 7.0 };
        AssertTaylor(action, ModelPoint.Uniform(random, action.Dimension, -1, 1), random);

        var residual = new NetworkAction<ResidualTanhNetwork>(RandomPairs<ResidualTanhNetwork>(random, 4, measuredInputs: new[] { 0, 2 }), 2.0, 3.0) { ModelPrecision = 5.0 };
        AssertTaylor(residual, ModelPoint.Uniform(random, residual.Dimension, -1, 1), random);
    }

    [Fact]
    public void Network_action_terms_and_layout()
    {
        var random = new Random(4);
        TrainingPairs pairs = RandomPairs<SigmoidNetwork>(random, 3);
        var action = new NetworkAction<SigmoidNetwork>(pairs, 2.0, 5.0) { ModelPrecision = 10.0 };
        Assert.Equal(3 * 13 + 46, action.Dimension);
        var z = new double[action.Dimension];
        double[] weights = ModelPoint.Uniform(random, 46, -1, 1);
        action.PackForwardPass(weights, z);
        // On the forward pass the model term vanishes and the inputs sit on the data; only the outputs miss.
        double value = action.Value(z);
        Assert.Equal(0.0, action.LastModelTerm);
        double expected = 0;
        var states = new double[13];
        for (int k = 0; k < 3; k++)
        {
            NetworkForward<SigmoidNetwork>.Run(weights, pairs.Input(k), states);
            for (int i = 0; i < 2; i++) expected += 0.5 * 5.0 * Math.Pow(states[11 + i] - pairs.Target(k)[i], 2);
        }
        Assert.Equal(expected, value, 12);
    }

    [Fact]
    public void Backpropagation_gradient_passes_the_Taylor_test()
    {
        var random = new Random(5);
        var loss = new Backpropagation<SigmoidNetwork>(RandomPairs<SigmoidNetwork>(random, 6));
        AssertTaylor(loss, ModelPoint.Uniform(random, loss.Dimension, -1, 1), random);
        var residual = new Backpropagation<ResidualTanhNetwork>(RandomPairs<ResidualTanhNetwork>(random, 6, measuredOutputs: new[] { 0 }));
        AssertTaylor(residual, ModelPoint.Uniform(random, residual.Dimension, -1, 1), random);
    }

    /// <summary>
    /// Eliminating the states by the forward pass (the hard model constraint) turns the network action
    /// into A(W) = R_out/2 · loss(W). Its gradient by the chain rule through the elimination,
    /// ∂A/∂W + Σ_l ∂A/∂x(l)·dx(l)/dW (the action's own gradient contracted with the tangent of the
    /// forward pass, from the generated Jacobians), must equal R_out/2 times the backpropagation gradient.
    /// </summary>
    [Fact]
    public void Backpropagation_gradient_equals_the_hard_constraint_network_action_gradient()
    {
        Check<SigmoidNetwork>(new Random(6), new[] { 0 });
        Check<ResidualTanhNetwork>(new Random(7), new[] { 1, 2 });

        static void Check<TNet>(Random random, int[] measuredOutputs) where TNet : ILayeredNetwork<TNet>
        {
            TrainingPairs pairs = RandomPairs<TNet>(random, 4, measuredOutputs: measuredOutputs);
            const double rOut = 3.0;
            var action = new NetworkAction<TNet>(pairs, inputPrecision: 2.0, outputPrecision: rOut) { ModelPrecision = 1e3 };
            var loss = new Backpropagation<TNet>(pairs);
            double[] weights = ModelPoint.Uniform(random, loss.Dimension, -1, 1);
            var z = new double[action.Dimension];
            action.PackForwardPass(weights, z);
            var gAction = new double[action.Dimension];
            action.Evaluate(z, gAction);
            var gLoss = new double[loss.Dimension];
            loss.Evaluate(weights, gLoss);

            for (int trial = 0; trial < 3; trial++)
            {
                double[] dW = ModelPoint.Uniform(random, loss.Dimension, -1, 1);
                double chain = 0, magnitude = 0;
                for (int i = 0; i < dW.Length; i++) { chain += gAction[action.WeightOffset + i] * dW[i]; magnitude += Math.Abs(gAction[action.WeightOffset + i] * dW[i]); }
                for (int k = 0; k < pairs.Count; k++)
                {
                    // Tangent of the forward pass: δx(0) = 0, δx(l+1) = J_x δx(l) + J_w δW(l).
                    double[] dx = new double[TNet.LayerWidth(0)];
                    for (int l = 0; l < TNet.LayerCount; l++)
                    {
                        var x = action.Example(z, k).Slice(NetworkLayout<TNet>.StateOffset(l), TNet.LayerWidth(l)).ToArray();
                        var w = NetworkLayout<TNet>.Weights(weights, l).ToArray();
                        SparsityPattern pattern = TNet.JacobianPattern(l);
                        var values = new double[pattern.NonZeroCount];
                        TNet.Jacobian(l, x, w, values);
                        double[] tangent = [.. dx, .. NetworkLayout<TNet>.Weights(dW, l)];
                        var next = new double[TNet.LayerWidth(l + 1)];
                        for (int r = 0; r < pattern.RowCount; r++)
                            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++) next[r] += values[e] * tangent[pattern.ColumnIndex[e]];
                        dx = next;
                        int offset = k * action.StatesPerExample + NetworkLayout<TNet>.StateOffset(l + 1);
                        for (int i = 0; i < next.Length; i++) { chain += gAction[offset + i] * next[i]; magnitude += Math.Abs(gAction[offset + i] * next[i]); }
                    }
                }
                double backprop = 0;
                for (int i = 0; i < dW.Length; i++) backprop += 0.5 * rOut * gLoss[i] * dW[i];
                Assert.True(Math.Abs(chain - backprop) <= 1e-10 * magnitude, $"{typeof(TNet).Name}: chain rule through the action {chain:R}, backpropagation {backprop:R}");
            }
        }
    }

    [Fact]
    public void Action_and_backpropagation_allocate_nothing()
    {
        var random = new Random(8);
        TrainingPairs pairs = RandomPairs<SigmoidNetwork>(random, 20);
        var action = new NetworkAction<SigmoidNetwork>(pairs, 1, 1);
        var loss = new Backpropagation<SigmoidNetwork>(pairs);
        double[] z = ModelPoint.Uniform(random, action.Dimension, -1, 1), g = new double[action.Dimension];
        double[] w = ModelPoint.Uniform(random, loss.Dimension, -1, 1), gw = new double[loss.Dimension];
        action.Evaluate(z, g);
        loss.Evaluate(w, gw);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            action.Evaluate(z, g);
            loss.Evaluate(w, gw);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Networks_refuse_the_automatic_minimizer_by_name()
    {
        TrainingPairs pairs = RandomPairs<SigmoidNetwork>(new Random(3), 2);
        var options = new NetworkAnnealingOptions { Minimizer = new AutomaticMinimizerOptions() };
        var error = Assert.Throws<ArgumentException>(() => NetworkAnnealing.Run<SigmoidNetwork>(pairs, 10, 10, options));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("explicit minimizer", error.Message);
    }

    [Fact]
    public void Pinned_inputs_stay_on_the_data_and_results_do_not_depend_on_threads()
    {
        var random = new Random(9);
        TrainingPairs pairs = RandomPairs<SigmoidNetwork>(random, 6);
        var options = new NetworkAnnealingOptions { Rf0 = 1, Alpha = 4, BetaMax = 3, Paths = 2, Threads = 1, PinInputs = true, WeightBound = 3 };
        var reports = new System.Collections.Concurrent.ConcurrentBag<AnnealingProgress>();
        NetworkAnnealingResult<SigmoidNetwork> one = NetworkAnnealing.Run<SigmoidNetwork>(pairs, 10, 10, options, new SynchronousProgress(reports.Add));
        Assert.Equal(2 * 4, reports.Count);
        Assert.Contains(reports, r => r.CompletedSteps == 8 && r.TotalSteps == 8);
        NetworkAnnealingResult<SigmoidNetwork> two = NetworkAnnealing.Run<SigmoidNetwork>(pairs, 10, 10, options with { Threads = 2 });
        for (int path = 0; path < 2; path++)
        {
            Assert.Equal(one.FinalPaths[path], two.FinalPaths[path]);
            for (int k = 0; k < pairs.Count; k++)
                for (int i = 0; i < 3; i++) Assert.Equal(pairs.Input(k)[i], one.Action.Example(one.FinalPaths[path], k)[i]);
            foreach (double w in one.Weights(path)) Assert.InRange(w, -3, 3);
        }
    }

    private sealed class SynchronousProgress(Action<AnnealingProgress> handler) : IProgress<AnnealingProgress>
    {
        public void Report(AnnealingProgress value) => handler(value);
    }

    [Fact]
    public void Bad_training_data_is_rejected_with_the_argument_named()
    {
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new TrainingPairs(3, 2, new double[6], new double[3])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new TrainingPairs(3, 2, [0, double.NaN, 0], new double[2])).ParamName);
        Assert.Equal("measuredOutputs", Assert.Throws<ArgumentException>(() => new TrainingPairs(3, 2, new double[3], new double[2], measuredOutputs: new[] { 2 })).ParamName);
        Assert.Equal("pairs", Assert.Throws<ArgumentException>(() => new NetworkAction<SigmoidNetwork>(new TrainingPairs(2, 2, new double[2], new double[2]), 1, 1)).ParamName);
    }
}
