using System;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Hamiltonian;

/// <summary>The explicit steps and their exact discrete adjoints: tangent against differences, the adjoint invariant, parameter gradients.</summary>
public class ExplicitStepTests
{
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Check<TModel>(ExplicitRule rule, double[] x, double[] parameters, double[] stimulus, double dt, int seed) where TModel : IDynamicalModel<TModel>
    {
        var random = new Random(seed);
        int d = TModel.StateCount, np = TModel.ParameterCount;
        var step = new ExplicitStep<TModel>(rule);
        ReadOnlySpan<double> u = stimulus;

        // Tangent against central differences of the step.
        double[] dx = ModelPoint.Uniform(random, d, -1, 1);
        var tangent = new double[d];
        step.Tangent(x, parameters, u, u, u, dt, dx, tangent);
        const double h = 1e-6;
        double[] plus = new double[d], minus = new double[d], fPlus = new double[d], fMinus = new double[d];
        for (int a = 0; a < d; a++) { plus[a] = x[a] + h * dx[a]; minus[a] = x[a] - h * dx[a]; }
        step.Forward(plus, parameters, u, u, u, dt, fPlus);
        step.Forward(minus, parameters, u, u, u, dt, fMinus);
        for (int a = 0; a < d; a++)
            Assert.True(Math.Abs((fPlus[a] - fMinus[a]) / (2 * h) - tangent[a]) <= 1e-6 * Math.Max(1, Math.Abs(tangent[a])), $"{rule}: tangent component {a}");

        // The adjoint invariant p(n+1)·δx(n+1) = p(n)·δx(n), to round-off.
        double[] pNext = ModelPoint.Uniform(random, d, -1, 1);
        var p = new double[d];
        var g = new double[np];
        step.Adjoint(x, parameters, u, u, u, dt, pNext, p, g);
        double left = Dot(pNext, tangent), right = Dot(p, dx);
        double magnitude = 0;
        for (int a = 0; a < d; a++) magnitude += Math.Abs(pNext[a] * tangent[a]) + Math.Abs(p[a] * dx[a]);
        Assert.True(Math.Abs(left - right) <= 1e-13 * magnitude, $"{rule}: p(n+1)·δx(n+1) = {left:R}, p(n)·δx(n) = {right:R}");

        // Parameter part: (∂Φ/∂θ)ᵀ pNext against differences of pNext·Φ in θ.
        for (int k = 0; k < np; k++)
        {
            double[] tp = (double[])parameters.Clone(), tm = (double[])parameters.Clone();
            double step_k = 1e-6 * Math.Max(1, Math.Abs(parameters[k]));
            tp[k] += step_k;
            tm[k] -= step_k;
            step.Forward(x, tp, u, u, u, dt, fPlus);
            step.Forward(x, tm, u, u, u, dt, fMinus);
            double fd = (Dot(pNext, fPlus) - Dot(pNext, fMinus)) / (2 * step_k);
            Assert.True(Math.Abs(fd - g[k]) <= 1e-6 * Math.Max(1, Math.Abs(g[k])), $"{rule}: parameter gradient {k}: {g[k]:R} vs {fd:R}");
        }

        // The full tangent in (x, θ) is the transpose of the full adjoint: pNext·(Φ_x δx + Φ_θ δθ) = p·δx + g·δθ to round-off
        // (the forward sensitivity equations that FisherInformation propagates).
        double[] dTheta = ModelPoint.Uniform(random, np, -1, 1);
        var fullTangent = new double[d];
        step.Tangent(x, parameters, u, u, u, dt, dx, dTheta, fullTangent);
        double fullLeft = Dot(pNext, fullTangent), fullRight = Dot(p, dx) + Dot(g, dTheta);
        double fullMagnitude = magnitude;
        for (int k = 0; k < np; k++) fullMagnitude += Math.Abs(g[k] * dTheta[k]);
        Assert.True(Math.Abs(fullLeft - fullRight) <= 1e-13 * fullMagnitude, $"{rule}: full tangent {fullLeft:R} vs adjoint {fullRight:R}");

        // Allocation-free.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 100; r++)
        {
            step.Forward(x, parameters, u, u, u, dt, fPlus);
            step.Adjoint(x, parameters, u, u, u, dt, pNext, p, g);
            step.Tangent(x, parameters, u, u, u, dt, dx, tangent);
            step.Tangent(x, parameters, u, u, u, dt, dx, dTheta, fullTangent);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(ExplicitRule.ForwardEuler)]
    [InlineData(ExplicitRule.RungeKutta4)]
    public void Lorenz96_step_adjoint_is_exact(ExplicitRule rule)
    {
        var random = new Random(1);
        Check<Lorenz96D10>(rule, ModelPoint.Uniform(random, 10, -5, 10), new[] { 8.17 }, Array.Empty<double>(), 0.025, seed: 2);
    }

    [Theory]
    [InlineData(ExplicitRule.ForwardEuler)]
    [InlineData(ExplicitRule.RungeKutta4)]
    public void Recurrent_network_step_adjoint_is_exact(ExplicitRule rule)
    {
        var random = new Random(3);
        Check<ActivationChain>(rule, ModelPoint.Uniform(random, 3, -1, 1), ModelPoint.Uniform(random, 13, -1, 1), Array.Empty<double>(), 0.1, seed: 4);
    }

    [Fact]
    public void Neuron_with_stimulus_step_adjoint_is_exact()
    {
        double[] p = { 120, 50, 20, -77, 0.3, -54, 1, -40, 0.06, 0.1, 0.4, -60, -0.07, 1, 7, -55, 0.03, 1, 5 };
        Check<NaKLNeuron>(ExplicitRule.RungeKutta4, new[] { -60.0, 0.1, 0.5, 0.4 }, p, new[] { 8.0 }, 0.02, seed: 5);
    }
}

/// <summary>A layered network's map and its generated vector–Jacobian product form the same partitioned pair.</summary>
public class LayerAdjointTests
{
    /// <summary>p(l+1)·δx(l+1) = p(l)·δx(l) with δx(l+1) = ∂f/∂x δx(l) (generated Jacobian) and p(l) = (∂f/∂x)ᵀp(l+1) (generated product), 1e-13.</summary>
    [Fact]
    public void Layer_map_and_its_vector_Jacobian_product_keep_the_adjoint_invariant()
    {
        Check<SigmoidNetwork>(new Random(1));
        Check<ResidualTanhNetwork>(new Random(2));

        static void Check<TNet>(Random random) where TNet : ILayeredNetwork<TNet>
        {
            for (int l = 0; l < TNet.LayerCount; l++)
            {
                int nIn = TNet.LayerWidth(l), nOut = TNet.LayerWidth(l + 1);
                double[] x = ModelPoint.Uniform(random, nIn, -1, 1), w = ModelPoint.Uniform(random, TNet.WeightCount(l), -1, 1);
                double[] dx = ModelPoint.Uniform(random, nIn, -1, 1), pNext = ModelPoint.Uniform(random, nOut, -1, 1);
                SparsityPattern pattern = TNet.JacobianPattern(l);
                var values = new double[pattern.NonZeroCount];
                TNet.Jacobian(l, x, w, values);
                var dNext = new double[nOut];
                for (int r = 0; r < nOut; r++)
                    for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
                        if (pattern.ColumnIndex[e] < nIn) dNext[r] += values[e] * dx[pattern.ColumnIndex[e]];
                var p = new double[nIn];
                TNet.AccumulateVectorJacobianProduct(l, x, w, pNext, p, new double[TNet.WeightCount(l)]);
                double left = 0, right = 0, magnitude = 0;
                for (int r = 0; r < nOut; r++) { left += pNext[r] * dNext[r]; magnitude += Math.Abs(pNext[r] * dNext[r]); }
                for (int a = 0; a < nIn; a++) { right += p[a] * dx[a]; magnitude += Math.Abs(p[a] * dx[a]); }
                Assert.True(Math.Abs(left - right) <= 1e-13 * magnitude, $"{typeof(TNet).Name} layer {l}: {left:R} vs {right:R}");
            }
        }
    }
}
