using System;
using System.Collections.Generic;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Assimilation;

/// <summary>Taylor tests of the action gradient for every discretization, zero allocation, and rejected input.</summary>
public class ActionGradientTests
{
    public static TheoryData<Discretization> All => new() { Discretization.ForwardEuler, Discretization.Trapezoid, Discretization.HermiteSimpson, Discretization.RungeKutta4 };

    internal static AssimilationProblem<Lorenz96D5> Lorenz96Problem(Discretization discretization, int steps = 12)
    {
        var random = new Random(3);
        int[] observed = { 0, 2, 3 };
        var times = new int[steps / 2 + 1];
        for (int t = 0; t < times.Length; t++) times[t] = 2 * t; // every other grid point
        var values = ModelPoint.Uniform(random, times.Length * observed.Length, -5, 5);
        return new AssimilationProblem<Lorenz96D5>(steps, 0.025, discretization, new Observations(observed, times, values),
            new[] { 4.0, 4.0, 2.0 }, Filled(5, -15), Filled(5, 15), new[] { 0.0 }, new[] { 20.0 });
    }

    internal static AssimilationProblem<NaKLNeuron> NeuronProblem(Discretization discretization, bool[] estimated)
    {
        var random = new Random(4);
        int steps = 10;
        var times = new int[steps + 1];
        for (int t = 0; t <= steps; t++) times[t] = t;
        var voltage = ModelPoint.Uniform(random, steps + 1, -70, 20);
        double[] truth =
        {
            120, 50, 20, -77, 0.3, -54, 1, -40, 0.06, 0.1, 0.4, -60, -0.07, 1, 7, -55, 0.03, 1, 5,
        };
        var lower = new double[19];
        var upper = new double[19];
        for (int k = 0; k < 19; k++)
        {
            lower[k] = Math.Min(truth[k] * 0.5, truth[k] * 1.5);
            upper[k] = Math.Max(truth[k] * 0.5, truth[k] * 1.5);
        }
        return new AssimilationProblem<NaKLNeuron>(steps, 0.02, discretization, new Observations(new[] { 0 }, times, voltage),
            new[] { 1.0 }, new[] { -100.0, 0, 0, 0 }, new[] { 50.0, 1, 1, 1 }, lower, upper, estimated, truth,
            ModelPoint.Uniform(random, steps + 1, -5, 5));
    }

    private static double[] Filled(int n, double v)
    {
        var a = new double[n];
        Array.Fill(a, v);
        return a;
    }

    /// <summary>A random point inside the bounds and a direction scaled to the bound widths.</summary>
    internal static (double[] Z, double[] V) Point<TModel>(AssimilationProblem<TModel> problem, Random random) where TModel : IDynamicalModel<TModel>
    {
        int n = problem.VariableCount;
        var lower = new double[n];
        var upper = new double[n];
        problem.PackedBounds(lower, upper);
        var z = new double[n];
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            double width = upper[i] - lower[i];
            z[i] = lower[i] + width * (0.25 + 0.5 * random.NextDouble());
            v[i] = width * 0.01 * (2 * random.NextDouble() - 1);
        }
        return (z, v);
    }

    internal static double TaylorTest<TModel>(AssimilationProblem<TModel> problem, double rf) where TModel : IDynamicalModel<TModel>
    {
        var action = new ActionFunction<TModel>(problem);
        action.SetModelPrecision(Filled(TModel.StateCount, rf));
        var random = new Random(11);
        (double[] z, double[] v) = Point(problem, random);
        var gradient = new double[z.Length];
        double a0 = action.Evaluate(z, gradient);
        Assert.Equal(a0, action.Value(z), 12); // value-only path agrees
        double slope = 0;
        for (int i = 0; i < z.Length; i++) slope += gradient[i] * v[i];

        var remainders = new List<double>();
        var moved = new double[z.Length];
        for (double eps = 1e-1; eps >= 1e-4; eps /= 2)
        {
            for (int i = 0; i < z.Length; i++) moved[i] = z[i] + eps * v[i];
            remainders.Add(Math.Abs(action.Value(moved) - a0 - eps * slope));
        }
        double rate = DerivativeChecks<TModel>.AssertSecondOrder(remainders);

        // The first-order term itself: central differences along v agree with ∇A·v.
        double h = 1e-5;
        for (int i = 0; i < z.Length; i++) moved[i] = z[i] + h * v[i];
        double plus = action.Value(moved);
        for (int i = 0; i < z.Length; i++) moved[i] = z[i] - h * v[i];
        double minus = action.Value(moved);
        Assert.Equal(1.0, (plus - minus) / (2 * h) / slope, 6);
        return rate;
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Lorenz96GradientPassesTaylorTest(Discretization discretization) => _ = TaylorTest(Lorenz96Problem(discretization), 50.0);

    [Theory]
    [MemberData(nameof(All))]
    public void NeuronWithStimulusAndBoundsPassesTaylorTest(Discretization discretization)
    {
        var estimated = new bool[19];
        Array.Fill(estimated, true);
        TaylorTest(NeuronProblem(discretization, estimated), 10.0);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void GradientWithSomeParametersFixed(Discretization discretization)
    {
        var estimated = new bool[19];
        for (int k = 0; k < 19; k++) estimated[k] = k % 3 != 0; // gNa, EK, … fixed at their values
        var problem = NeuronProblem(discretization, estimated);
        Assert.Equal(12, problem.EstimatedParameters.Length);
        TaylorTest(problem, 10.0);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void EvaluationAllocatesNothing(Discretization discretization)
    {
        var problem = Lorenz96Problem(discretization, steps: 40);
        var action = new ActionFunction<Lorenz96D5>(problem);
        (double[] z, _) = Point(problem, new Random(1));
        var gradient = new double[z.Length];
        action.Evaluate(z, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 200; k++) action.Evaluate(z, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Pack puts a trajectory and the estimated parameters into the packed layout; for
    /// Hermite–Simpson its midpoints zero the midpoint residuals, so with the trajectory's own
    /// parameters the only model error left is the Simpson residual of the grid points.
    /// </summary>
    [Fact]
    public void PackPlacesATrajectoryWithConsistentMidpoints()
    {
        var estimated = new bool[19];
        for (int k = 0; k < 19; k++) estimated[k] = k % 2 == 0;
        var problem = NeuronProblem(Discretization.HermiteSimpson, estimated);
        var random = new Random(8);
        double[] states = ModelPoint.Uniform(random, (problem.Steps + 1) * 4, 0.1, 0.9);
        double[] parameters = (double[])problem.ParameterValues.Clone();
        var packed = new double[problem.VariableCount];
        problem.Pack(states, parameters, packed);

        for (int i = 0; i < states.Length; i++) Assert.Equal(states[i], packed[i]);
        for (int k = 0; k < problem.EstimatedParameters.Length; k++) Assert.Equal(parameters[problem.EstimatedParameters[k]], packed[problem.ParameterOffset + k]);
        var f0 = new double[4];
        var f1 = new double[4];
        for (int n = 0; n < problem.Steps; n++)
        {
            NaKLNeuron.VectorField(states.AsSpan(n * 4, 4), parameters, problem.Stimulus.AsSpan(n, 1), f0);
            NaKLNeuron.VectorField(states.AsSpan((n + 1) * 4, 4), parameters, problem.Stimulus.AsSpan(n + 1, 1), f1);
            for (int a = 0; a < 4; a++)
            {
                double mid = packed[(problem.Steps + 1 + n) * 4 + a];
                double residual = mid - 0.5 * (states[n * 4 + a] + states[(n + 1) * 4 + a]) - problem.Dt / 8 * (f0[a] - f1[a]);
                Assert.True(Math.Abs(residual) < 1e-12, $"midpoint residual {residual} at step {n}, component {a}");
            }
        }
        Assert.Equal("states", Assert.Throws<ArgumentException>(() => problem.Pack(new double[3], parameters, packed)).ParamName);
    }

    [Fact]
    public void RejectedInputNamesTheArgument()
    {
        var obs = new Observations(new[] { 0 }, new[] { 0, 1 }, new[] { 1.0, 2.0 });
        double[] lo = Filled(5, -15), hi = Filled(5, 15), plo = { 0.0 }, phi = { 20.0 };
        void Expect(string name, string fragment, Action create)
        {
            var error = Assert.ThrowsAny<ArgumentException>(create);
            Assert.Equal(name, error.ParamName);
            Assert.Contains(fragment, error.Message);
        }
        Expect("steps", "at least 1", () => new AssimilationProblem<Lorenz96D5>(0, 0.01, Discretization.Trapezoid, obs, new[] { 1.0 }, lo, hi, plo, phi));
        Expect("dt", "positive", () => new AssimilationProblem<Lorenz96D5>(4, double.NaN, Discretization.Trapezoid, obs, new[] { 1.0 }, lo, hi, plo, phi));
        Expect("measurementPrecision", "must have 1 entries", () => new AssimilationProblem<Lorenz96D5>(4, 0.01, Discretization.Trapezoid, obs, new[] { 1.0, 2.0 }, lo, hi, plo, phi));
        Expect("stateLower", "index 3", () => new AssimilationProblem<Lorenz96D5>(4, 0.01, Discretization.Trapezoid, obs, new[] { 1.0 }, lo, new double[] { 15, 15, 15, -20, 15 }, plo, phi));
        Expect("parameterUpper", "must have 1 entries", () => new AssimilationProblem<Lorenz96D5>(4, 0.01, Discretization.Trapezoid, obs, new[] { 1.0 }, lo, hi, plo, new double[2]));
        Expect("observations", "component 7", () => new AssimilationProblem<Lorenz96D5>(4, 0.01, Discretization.Trapezoid, new Observations(new[] { 7 }, new[] { 0 }, new[] { 1.0 }), new[] { 1.0 }, lo, hi, plo, phi));
        Expect("observations", "outside the grid", () => new AssimilationProblem<Lorenz96D5>(1, 0.01, Discretization.Trapezoid, new Observations(new[] { 0 }, new[] { 0, 5 }, new[] { 1.0, 2.0 }), new[] { 1.0 }, lo, hi, plo, phi));
        Expect("values", "values[1]", () => new Observations(new[] { 0 }, new[] { 0, 1 }, new[] { 1.0, double.NaN }));
        Expect("times", "strictly increasing", () => new Observations(new[] { 0 }, new[] { 1, 1 }, new[] { 1.0, 2.0 }));
        Expect("stimulus", "stimulus", () => new AssimilationProblem<NaKLNeuron>(4, 0.01, Discretization.Trapezoid, obs, new[] { 1.0 }, new double[4], Filled(4, 1), new double[19], Filled(19, 1)));
        Expect("parameterValues", "outside its bounds", () => new AssimilationProblem<Lorenz96D5>(4, 0.01, Discretization.Trapezoid, obs, new[] { 1.0 }, lo, hi, plo, phi, new[] { false }, new[] { 30.0 }));
        var action = new ActionFunction<Lorenz96D5>(new AssimilationProblem<Lorenz96D5>(4, 0.01, Discretization.Trapezoid, obs, new[] { 1.0 }, lo, hi, plo, phi));
        Expect("rf", "rf[2]", () => action.SetModelPrecision(new[] { 1.0, 1.0, double.PositiveInfinity, 1.0, 1.0 }));
        Expect("packed", "entries", () => action.Value(new double[3]));
    }
}
