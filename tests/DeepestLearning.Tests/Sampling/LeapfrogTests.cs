using System;
using System.Linq;
using DeepestLearning.SampleModels;
using DeepestLearning.Tests.Models;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace DeepestLearning.Tests.Sampling;

/// <summary>
/// The integrator HMC relies on: the leapfrog is reversible (forward, momentum negated, forward again returns to the
/// start) and preserves volume (its one-step Jacobian has determinant 1) — both for the diagonal and the Hessian mass
/// and through reflections at a bound — and a step allocates nothing.
/// </summary>
public class LeapfrogTests
{
    private static (Leapfrog<LinearGaussian> Leapfrog, double[] X, double[] P, double Epsilon) Setup(MassMatrixKind kind, AssimilationProblem<LinearGaussian> problem, int seed)
    {
        var action = new ActionFunction<LinearGaussian>(problem);
        action.SetModelPrecision(new[] { 30.0, 80.0, 50.0 });
        int n = problem.VariableCount;
        var random = new Random(seed);
        double[] x = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        MassMatrixFactory.Built built = MassMatrixFactory.Create(action.ExactHessian, x, kind);
        var lower = new double[n];
        var upper = new double[n];
        problem.PackedBounds(lower, upper);
        var leapfrog = new Leapfrog<LinearGaussian>(action, built.Mass, lower, upper);
        var p = new double[n];
        built.Mass.Draw(new ChainRandom(seed, 0), p);
        return (leapfrog, x, p, built.Mass.Kind == MassMatrixKind.Hessian ? 0.1 : 0.02);
    }

    private static double MaxDifference(double[] a, double[] b) => a.Zip(b, (u, v) => Math.Abs(u - v)).Max();

    [Theory]
    [InlineData(MassMatrixKind.Diagonal)]
    [InlineData(MassMatrixKind.Hessian)]
    public void ForwardThenNegatedMomentumBackReturnsToTheStart(MassMatrixKind kind)
    {
        AssimilationProblem<LinearGaussian> problem = SamplingProblems.LinearGaussian(Discretization.Trapezoid);
        (Leapfrog<LinearGaussian> leapfrog, double[] x0, double[] p0, double epsilon) = Setup(kind, problem, 5);
        double[] x = (double[])x0.Clone(), p = (double[])p0.Clone();
        double h0 = leapfrog.Begin(x) + leapfrog.Kinetic(p);
        for (int l = 0; l < 20; l++) Assert.True(leapfrog.Step(x, p, epsilon));
        double h1 = leapfrog.Potential + leapfrog.Kinetic(p);
        Assert.True(MaxDifference(x, x0) > 1e-2, "the trajectory went somewhere");
        Assert.True(Math.Abs(h1 - h0) < 0.01 * Math.Abs(h0), $"energy error {h1 - h0:E2} of {h0:E2} over 20 steps"); // the start is far from the mode: the error scales with H
        for (int i = 0; i < p.Length; i++) p[i] = -p[i];
        for (int l = 0; l < 20; l++) Assert.True(leapfrog.Step(x, p, epsilon));
        for (int i = 0; i < p.Length; i++) p[i] = -p[i];
        double scaleX = x0.Max(Math.Abs), scaleP = p0.Max(Math.Abs);
        Assert.True(MaxDifference(x, x0) <= 1e-12 * scaleX, $"position returned to {MaxDifference(x, x0):E2}");
        Assert.True(MaxDifference(p, p0) <= 1e-12 * scaleP, $"momentum returned to {MaxDifference(p, p0):E2}");
    }

    /// <summary>A bound through the middle of the path's values: the trajectory bounces, and still runs back exactly.</summary>
    [Theory]
    [InlineData(MassMatrixKind.Diagonal)]
    [InlineData(MassMatrixKind.Hessian)]
    public void ReflectionsAtABoundAreReversible(MassMatrixKind kind)
    {
        var observations = SamplingProblems.LinearGaussian(Discretization.Trapezoid).Observations;
        var problem = new AssimilationProblem<LinearGaussian>(40, 0.1, Discretization.Trapezoid, observations, new[] { 4.0, 4.0 },
            new[] { -0.51, -0.51, -0.51 }, new[] { 0.51, 0.51, 0.51 }, new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 });
        (Leapfrog<LinearGaussian> leapfrog, double[] x0, double[] p0, double epsilon) = Setup(kind, problem, 7);
        double[] x = (double[])x0.Clone(), p = (double[])p0.Clone();
        double h0 = leapfrog.Begin(x) + leapfrog.Kinetic(p);
        for (int l = 0; l < 20; l++) Assert.True(leapfrog.Step(x, p, epsilon), $"step {l} failed after {leapfrog.Bounces} bounces, potential {leapfrog.Potential}");
        Assert.True(leapfrog.Bounces > 0, "no bounce");
        double h1 = leapfrog.Potential + leapfrog.Kinetic(p);
        Assert.True(Math.Abs(h1 - h0) < 0.01 * Math.Abs(h0), $"energy error {h1 - h0:E2} of {h0:E2}");
        Assert.All(x.Take(problem.ParameterOffset), v => Assert.InRange(v, -0.51, 0.51));
        for (int i = 0; i < p.Length; i++) p[i] = -p[i];
        for (int l = 0; l < 20; l++) Assert.True(leapfrog.Step(x, p, epsilon));
        for (int i = 0; i < p.Length; i++) p[i] = -p[i];
        Assert.True(MaxDifference(x, x0) <= 1e-12 * x0.Max(Math.Abs), $"position returned to {MaxDifference(x, x0):E2}");
        Assert.True(MaxDifference(p, p0) <= 1e-12 * p0.Max(Math.Abs), $"momentum returned to {MaxDifference(p, p0):E2}");
    }

    /// <summary>
    /// det ∂(x', p')/∂(x, p) of one step by central differences on a small problem (5 steps: 20 variables, a 40 × 40
    /// Jacobian): 1 to the differences' accuracy, for a nonlinear action (the Lorenz63 model, trapezoid rule).
    /// </summary>
    [Theory]
    [InlineData(MassMatrixKind.Diagonal)]
    [InlineData(MassMatrixKind.Hessian)]
    public void OneStepPreservesVolume(MassMatrixKind kind)
    {
        const int steps = 5;
        double[] truth = TwinExperiment.Integrate<Lorenz63>(new[] { 1.0, 2.0, 20.0 }, new[] { 10.0, 28.0, 8.0 / 3.0 }, 0.01, steps);
        Observations observations = TwinExperiment.Observe(truth, 3, steps, new[] { 0 }, 1, 0.5, new Random(2));
        var problem = new AssimilationProblem<Lorenz63>(steps, 0.01, Discretization.Trapezoid, observations, new[] { 4.0 },
            new[] { -50.0, -50, -50 }, new[] { 50.0, 50, 50 }, new[] { 0.0, 0, 0 }, new[] { 40.0, 40, 40 }, estimated: new[] { true, false, false },
            parameterValues: new[] { 10.0, 28.0, 8.0 / 3.0 });
        var action = new ActionFunction<Lorenz63>(problem);
        action.SetModelPrecision(new[] { 100.0, 100, 100 });
        int n = problem.VariableCount;
        double[] x0 = problem.Pack(truth, new[] { 10.0, 28.0, 8.0 / 3.0 });
        MassMatrixFactory.Built built = MassMatrixFactory.Create(action.ExactHessian, x0, kind);
        var lower = new double[n];
        var upper = new double[n];
        problem.PackedBounds(lower, upper);
        var leapfrog = new Leapfrog<Lorenz63>(action, built.Mass, lower, upper);
        var p0 = new double[n];
        built.Mass.Draw(new ChainRandom(4, 0), p0);
        double epsilon = kind == MassMatrixKind.Hessian ? 0.2 : 0.01;

        (double[] X, double[] P) Map(double[] z)
        {
            double[] x = z[..n], p = z[n..];
            leapfrog.Begin(x);
            Assert.True(leapfrog.Step(x, p, epsilon));
            return (x, p);
        }
        double[] z0 = x0.Concat(p0).ToArray();
        Matrix<double> jacobian = Matrix<double>.Build.Dense(2 * n, 2 * n);
        for (int j = 0; j < 2 * n; j++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(z0[j]));
            double[] plus = (double[])z0.Clone(), minus = (double[])z0.Clone();
            plus[j] += h;
            minus[j] -= h;
            (double[] xp, double[] pp) = Map(plus);
            (double[] xm, double[] pm) = Map(minus);
            for (int i = 0; i < n; i++)
            {
                jacobian[i, j] = (xp[i] - xm[i]) / (2 * h);
                jacobian[n + i, j] = (pp[i] - pm[i]) / (2 * h);
            }
        }
        double determinant = jacobian.Determinant();
        Assert.True(Math.Abs(determinant - 1) < 1e-6, $"det = {determinant:R}");
        // Not the identity: the step moved the state.
        Assert.True((jacobian - Matrix<double>.Build.DenseIdentity(2 * n)).FrobeniusNorm() > 1e-3);
    }

    [Theory]
    [InlineData(MassMatrixKind.Diagonal)]
    [InlineData(MassMatrixKind.Hessian)]
    public void AStepAllocatesNothing(MassMatrixKind kind)
    {
        var observations = SamplingProblems.LinearGaussian(Discretization.RungeKutta4).Observations;
        var problem = new AssimilationProblem<LinearGaussian>(40, 0.1, Discretization.RungeKutta4, observations, new[] { 4.0, 4.0 },
            new[] { -0.51, -0.51, -0.51 }, new[] { 0.51, 0.51, 0.51 }, new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 });
        (Leapfrog<LinearGaussian> leapfrog, double[] x, double[] p, double epsilon) = Setup(kind, problem, 9);
        var random = new ChainRandom(1, 1);
        leapfrog.Begin(x);
        for (int l = 0; l < 5; l++) leapfrog.Step(x, p, epsilon); // warm the JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int l = 0; l < 200; l++)
        {
            leapfrog.Step(x, p, epsilon);
            if (l % 20 == 0)
            {
                leapfrog.Mass.Draw(random, p);
                leapfrog.Kinetic(p);
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(leapfrog.Bounces > 0, "the bounce path was exercised");
        Assert.Equal(0, allocated);
    }

    /// <summary>The Hessian mass's momenta: the factor product F = P L D^½ satisfies F Fᵀ = M (here on the exact Hessian of the linear-Gaussian action).</summary>
    [Fact]
    public void TheFactorProductIsASquareRootOfTheMatrix()
    {
        AssimilationProblem<LinearGaussian> problem = SamplingProblems.LinearGaussian(Discretization.HermiteSimpson, steps: 8);
        var hessian = new ActionHessian<LinearGaussian>(problem);
        hessian.SetModelPrecision(new[] { 30.0, 80.0, 50.0 });
        int n = problem.VariableCount;
        var values = new double[hessian.Pattern.NonZeroCount];
        hessian.Evaluate(new double[n], values);
        var ldlt = new ArrowheadLdlt(hessian.Pattern, hessian.EliminationOrder(), hessian.BorderCount);
        Assert.True(ldlt.Factor(values));
        Matrix<double> f = Matrix<double>.Build.Dense(n, n);
        var z = new double[n];
        var column = new double[n];
        for (int q = 0; q < n; q++)
        {
            Array.Clear(z);
            z[q] = 1;
            ldlt.MultiplyFactor(z, column);
            for (int i = 0; i < n; i++) f[i, q] = column[i];
        }
        Matrix<double> m = Matrix<double>.Build.Dense(n, n);
        ReadOnlySpan<int> start = hessian.Pattern.RowStart, index = hessian.Pattern.ColumnIndex;
        for (int i = 0; i < n; i++)
            for (int k = start[i]; k < start[i + 1]; k++) m[i, index[k]] = m[index[k], i] = values[k];
        double error = (f * f.Transpose() - m).FrobeniusNorm() / m.FrobeniusNorm();
        Assert.True(error < 1e-13, $"relative error {error:E2}");
        Assert.Throws<ArgumentException>("z", () => ldlt.MultiplyFactor(new double[n - 1], column));
    }
}
