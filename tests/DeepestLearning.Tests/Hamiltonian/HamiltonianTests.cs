using System;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;
using Xunit.Abstractions;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Hamiltonian;

/// <summary>The assimilation Hamiltonian and its implicit-midpoint integrator: derivatives, symplecticity, long-time energy.</summary>
public class HamiltonianTests(ITestOutputHelper output)
{
    /// <summary>∇H and the Jacobian of Hamilton's equations against central differences (with measurement forcing).</summary>
    private static void DerivativesMatchDifferences<TModel>(AssimilationHamiltonian<TModel> h, double[] z, double[] u) where TModel : IDynamicalModel<TModel>
    {
        int n = h.Dimension;
        var gradient = new double[n];
        h.Gradient(z, u, gradient);
        var jacobian = new double[n * n];
        h.VectorFieldJacobian(z, u, jacobian);
        var fPlus = new double[n];
        var fMinus = new double[n];
        for (int c = 0; c < n; c++)
        {
            double step = 1e-6 * Math.Max(1, Math.Abs(z[c]));
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[c] += step;
            minus[c] -= step;
            double fd = (h.Value(plus, u) - h.Value(minus, u)) / (2 * step);
            Assert.True(Math.Abs(fd - gradient[c]) <= 1e-6 * Math.Max(1, Math.Abs(gradient[c])), $"∂H/∂z[{c}] = {gradient[c]:R} vs {fd:R}");
            h.VectorField(plus, u, fPlus);
            h.VectorField(minus, u, fMinus);
            for (int r = 0; r < n; r++)
            {
                double d = (fPlus[r] - fMinus[r]) / (2 * step);
                Assert.True(Math.Abs(d - jacobian[r * n + c]) <= 1e-5 * Math.Max(1, Math.Abs(jacobian[r * n + c])), $"A[{r},{c}] = {jacobian[r * n + c]:R} vs {d:R}");
            }
        }
    }

    /// <summary>MᵀJM = J to 1e-12 for the step Jacobian, and M against differences of the step map.</summary>
    private void StepIsSymplectic<TModel>(AssimilationHamiltonian<TModel> h, double[] z, double[] u, double step) where TModel : IDynamicalModel<TModel>
    {
        int n = h.Dimension, d = n / 2;
        var midpoint = new ImplicitMidpoint<TModel>(h);
        var next = new double[n];
        midpoint.Step(z, u, step, next);
        var m = new double[n * n];
        midpoint.StepJacobian(z, next, u, step, m);

        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                // (MᵀJM)_ij = Σ_k M_ki (JM)_kj with J = [[0, I], [−I, 0]]: (JM)_kj = M_(k+d)j for k < d, −M_(k−d)j otherwise.
                double s = 0;
                for (int k = 0; k < n; k++) s += m[k * n + i] * (k < d ? m[(k + d) * n + j] : -m[(k - d) * n + j]);
                double expected = j == i + d ? 1 : i == j + d ? -1 : 0;
                worst = Math.Max(worst, Math.Abs(s - expected));
            }
        output.WriteLine($"{typeof(TModel).Name}: max |MᵀJM − J| = {worst:E2} ({midpoint.LastIterations} Newton iterations)");
        Assert.True(worst <= 1e-12, $"max |MᵀJM − J| = {worst:E3}");

        var plus = new double[n];
        var minus = new double[n];
        for (int c = 0; c < n; c++)
        {
            const double fd = 1e-6;
            double[] zp = (double[])z.Clone(), zm = (double[])z.Clone();
            zp[c] += fd;
            zm[c] -= fd;
            midpoint.Step(zp, u, step, plus);
            midpoint.Step(zm, u, step, minus);
            for (int r = 0; r < n; r++)
                Assert.True(Math.Abs((plus[r] - minus[r]) / (2 * fd) - m[r * n + c]) <= 1e-6 * Math.Max(1, Math.Abs(m[r * n + c])), $"M[{r},{c}]");
        }
    }

    [Fact]
    public void Lorenz96_Hamiltonian_derivatives_and_symplectic_step()
    {
        var random = new Random(1);
        var h = new AssimilationHamiltonian<Lorenz96D10>(modelPrecision: 4.0, new[] { 8.17 });
        double[] z = [.. ModelPoint.Uniform(random, 10, -5, 10), .. ModelPoint.Uniform(random, 10, -1, 1)];
        h.SetForcing(new[] { 0, 3, 7 }, new[] { 1.0, -2.0, 0.5 }, precision: 2.0);
        DerivativesMatchDifferences(h, z, Array.Empty<double>());
        StepIsSymplectic(h, z, Array.Empty<double>(), 0.01);
    }

    [Fact]
    public void Recurrent_network_Hamiltonian_step_is_symplectic()
    {
        var random = new Random(2);
        var h = new AssimilationHamiltonian<ActivationChain>(modelPrecision: 10.0, ModelPoint.Uniform(random, 13, -1, 1));
        double[] z = ModelPoint.Uniform(random, 6, -1, 1);
        DerivativesMatchDifferences(h, z, Array.Empty<double>());
        StepIsSymplectic(h, z, Array.Empty<double>(), 0.05);
    }

    /// <summary>
    /// Over 10⁵ steps the implicit midpoint rule keeps the energy error of H(x, p) = p²/2 + p·sin x
    /// bounded, while classical RK4 with the same step (not symplectic) drifts.
    /// </summary>
    [Fact]
    public void Symplectic_step_keeps_the_energy_error_bounded_where_RK4_drifts()
    {
        var h = new AssimilationHamiltonian<SineFlow>(modelPrecision: 1.0, new[] { 1.0 });
        var midpoint = new ImplicitMidpoint<SineFlow>(h);
        double[] u = Array.Empty<double>();
        double[] z0 = { 0.3, 0.8 };
        double h0 = h.Value(z0, u);
        const double dt = 0.2;
        const int steps = 100_000;

        double[] z = (double[])z0.Clone(), next = new double[2];
        const int early = steps / 100;
        double worstMidpoint = 0, earlyMidpoint = 0;
        for (int n = 0; n < steps; n++)
        {
            midpoint.Step(z, u, dt, next);
            (z, next) = (next, z);
            worstMidpoint = Math.Max(worstMidpoint, Math.Abs(h.Value(z, u) - h0));
            if (n < early) earlyMidpoint = worstMidpoint;
        }

        double[] y = (double[])z0.Clone();
        double[] k1 = new double[2], k2 = new double[2], k3 = new double[2], k4 = new double[2], t = new double[2];
        double worstRk4 = 0, finalRk4 = 0, earlyRk4 = 0;
        for (int n = 0; n < steps; n++)
        {
            h.VectorField(y, u, k1);
            for (int i = 0; i < 2; i++) t[i] = y[i] + 0.5 * dt * k1[i];
            h.VectorField(t, u, k2);
            for (int i = 0; i < 2; i++) t[i] = y[i] + 0.5 * dt * k2[i];
            h.VectorField(t, u, k3);
            for (int i = 0; i < 2; i++) t[i] = y[i] + dt * k3[i];
            h.VectorField(t, u, k4);
            for (int i = 0; i < 2; i++) y[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            finalRk4 = h.Value(y, u) - h0;
            worstRk4 = Math.Max(worstRk4, Math.Abs(finalRk4));
            if (n < early) earlyRk4 = worstRk4;
        }
        output.WriteLine($"H0 = {h0:R}, {steps} steps of {dt}: max |ΔH| over the first {early} steps / over all: " +
            $"implicit midpoint {earlyMidpoint:E3} / {worstMidpoint:E3}; RK4 {earlyRk4:E3} / {worstRk4:E3} (final {finalRk4:E3})");
        // Bounded: the midpoint error over the whole run is no larger than in its first 1 % (an O(h²) oscillation).
        Assert.True(worstMidpoint <= 1.5 * earlyMidpoint, $"midpoint energy error grew from {earlyMidpoint:E3} to {worstMidpoint:E3}");
        // Drift: RK4's error keeps growing.
        Assert.True(worstRk4 > 10 * earlyRk4, $"RK4 error {earlyRk4:E3} → {worstRk4:E3} did not drift");
    }

    /// <summary>Integrating forwards then backwards returns to the start (the midpoint rule is symmetric), with forcing; no allocation per step.</summary>
    [Fact]
    public void Forward_then_backward_integration_returns_and_allocates_nothing()
    {
        var random = new Random(5);
        var h = new AssimilationHamiltonian<Lorenz96D10>(modelPrecision: 10.0, new[] { 8.17 });
        int[] observed = { 0, 5 };
        double[] data = { 1.0, 2.0 };
        h.SetForcing(observed, data, 4.0);
        var midpoint = new ImplicitMidpoint<Lorenz96D10>(h);
        double[] z0 = [.. ModelPoint.Uniform(random, 10, -5, 10), .. ModelPoint.Uniform(random, 10, -0.1, 0.1)];
        const int steps = 50;
        var forward = new double[(steps + 1) * 20];
        midpoint.Integrate(z0, Array.Empty<double>(), 0.005, steps, forward);
        var backward = new double[(steps + 1) * 20];
        midpoint.Integrate(forward.AsSpan(steps * 20, 20), Array.Empty<double>(), -0.005, steps, backward);
        for (int i = 0; i < 20; i++) Assert.True(Math.Abs(backward[steps * 20 + i] - z0[i]) <= 1e-9 * (1 + Math.Abs(z0[i])), $"component {i}: {backward[steps * 20 + i]:R} vs {z0[i]:R}");

        var next = new double[20];
        midpoint.Step(z0, Array.Empty<double>(), 0.005, next);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++) midpoint.Step(z0, Array.Empty<double>(), 0.005, next);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
