using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Optimization;

/// <summary>
/// No silent NaN: a NaN or infinite gradient or Hessian ends a minimization with its own exit
/// reason (never a converged one), NaN arguments are rejected by name, and an annealing schedule
/// whose precision would overflow, or a problem without measurements, is rejected before any work.
/// </summary>
public class NonFiniteTests
{
    /// <summary>
    /// f = ½ Σ (x_i − 0)² with a finite value everywhere but a NaN gradient once x₀ &lt; 1: minimizers
    /// walking from x = 3 towards 0 must meet it and stop on it.
    /// </summary>
    private sealed class GradientTurnsNaN(bool nanHessian = false) : ISecondOrderObjective
    {
        public int Dimension => 3;
        public SparsityPattern HessianPattern { get; } = new(3, 3, new[] { 0, 1, 2, 3 }, new[] { 0, 1, 2 });
        public int BorderCount => 0;
        public int[] EliminationOrder() => new[] { 0, 1, 2 };

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = 0;
            for (int i = 0; i < 3; i++)
            {
                f += 0.5 * x[i] * x[i];
                g[i] = x[i];
            }
            if (x[0] < 1) g[1] = double.NaN;
            return f;
        }

        public void Hessian(ReadOnlySpan<double> x, Span<double> values)
        {
            values.Fill(1.0);
            if (nanHessian) values[2] = double.PositiveInfinity;
        }
    }

    private static double[] Filled(double v) => Enumerable.Repeat(v, 3).ToArray();

    public static TheoryData<string> Minimizers => new() { "lbfgsb", "newton", "adam" };

    private static IBoundedMinimizer Create(string name, GradientTurnsNaN objective) => name switch
    {
        "lbfgsb" => new LbfgsB(objective),
        "newton" => new TrustRegionNewton(objective),
        _ => new Adam(objective, new AdamOptions { LearningRate = 0.5, MaxIterations = 10_000 }),
    };

    [Theory]
    [MemberData(nameof(Minimizers))]
    public void ANaNGradientOnTheWayEndsWithItsOwnExitReason(string name)
    {
        double[] x = Filled(3.0);
        MinimizerResult result = Create(name, new GradientTurnsNaN()).Minimize(x, Filled(-10), Filled(10));
        Assert.Equal(ExitReason.NonFiniteGradient, result.Exit);
        Assert.False(result.Converged);
        Assert.True(x[0] < 1, $"stopped at x0 = {x[0]} before the gradient turned NaN");
    }

    [Theory]
    [MemberData(nameof(Minimizers))]
    public void ANaNGradientAtTheStartEndsBeforeTheFirstStep(string name)
    {
        double[] x = Filled(0.5);
        MinimizerResult result = Create(name, new GradientTurnsNaN()).Minimize(x, Filled(-10), Filled(10));
        Assert.Equal(ExitReason.NonFiniteGradient, result.Exit);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(Filled(0.5), x);
    }

    [Fact]
    public void AnInfiniteHessianEndsNewtonWithItsOwnExitReason()
    {
        double[] x = Filled(3.0);
        MinimizerResult result = new TrustRegionNewton(new GradientTurnsNaN(nanHessian: true)).Minimize(x, Filled(-10), Filled(10));
        Assert.Equal(ExitReason.NonFiniteHessian, result.Exit);
        Assert.Equal(Filled(3.0), x);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("lower")]
    [InlineData("upper")]
    public void NaNArgumentsAreRejectedByName(string argument)
    {
        double[] x = Filled(1), lower = Filled(-2), upper = Filled(2);
        (argument switch { "x" => x, "lower" => lower, _ => upper })[1] = double.NaN;
        foreach (string name in new[] { "lbfgsb", "newton", "adam" })
        {
            var error = Assert.Throws<ArgumentException>(() => Create(name, new GradientTurnsNaN()).Minimize(x, lower, upper));
            Assert.Equal(argument, error.ParamName);
            Assert.Contains("NaN", error.Message);
        }
    }

    [Fact]
    public void AScheduleWhosePrecisionOverflowsIsRejectedUpFront()
    {
        var error = Assert.Throws<ArgumentException>(() => PrecisionAnnealing.Run(DecayProblem(201),
            new AnnealingOptions { Rf0 = new[] { 1.0 }, Alpha = 10, BetaMax = 400, Paths = 1, Threads = 1 }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("overflows", error.Message);
    }

    [Fact]
    public void AProblemWithoutMeasurementsIsRejectedUpFront()
    {
        var error = Assert.Throws<ArgumentException>(() => PrecisionAnnealing.Run(DecayProblem(0), new AnnealingOptions { Paths = 1, Threads = 1 }));
        Assert.Equal("problem", error.ParamName);
        Assert.Contains("no measurements", error.Message);
    }

    [Fact]
    public void AGridWhosePathOverflowsAnArrayIsRejectedByName()
    {
        var observations = new Observations(new[] { 0 }, new[] { 0, 1 }, new double[2]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AssimilationProblem<Lorenz96D10>(int.MaxValue / 4, 0.01, Discretization.HermiteSimpson,
            observations, new[] { 1.0 }, Filled10(-1), Filled10(1), new[] { 0.0 }, new[] { 1.0 }));
        Assert.Equal("steps", error.ParamName);
        Assert.Contains("more than one array can hold", error.Message);
    }

    [Fact]
    public void AHessianThatWouldOverflowAnArrayIsRejectedByNameBeforeItIsBuilt()
    {
        // RK4 couples each step's 1000 states and F in one block of 1001·1002/2 entries; over 5000 steps that is
        // 2.5·10⁹ — past any array, where the int products behind it used to wrap. The refusal comes before any of it is built.
        var observations = new Observations(new[] { 0 }, new[] { 0 }, new[] { 1.0 });
        var problem = new AssimilationProblem<Lorenz96D1000>(5000, 0.01, Discretization.RungeKutta4, observations, new[] { 1.0 },
            Enumerable.Repeat(-15.0, 1000).ToArray(), Enumerable.Repeat(15.0, 1000).ToArray(), new[] { 0.0 }, new[] { 20.0 });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ArgumentException>(() => new ActionHessian<Lorenz96D1000>(problem));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000_000, "the refusal must come before the big allocations");
        Assert.Equal("problem", error.ParamName);
        Assert.Contains("RK4 Hessian", error.Message);
        Assert.Contains("more than one array can hold", error.Message);
        // The automatic minimizer would not have asked for this Hessian at all.
        Assert.Equal(MinimizerKind.LbfgsB, PrecisionAnnealing.ChooseMinimizer(problem, new AnnealingOptions()).Kind);
    }

    private static double[] Filled10(double v) => Enumerable.Repeat(v, 10).ToArray();

    private static AssimilationProblem<ExponentialDecay> DecayProblem(int measurementTimes)
    {
        int[] times = Enumerable.Range(0, measurementTimes).ToArray();
        var observations = new Observations(new[] { 0 }, times, new double[times.Length]);
        return new AssimilationProblem<ExponentialDecay>(200, 0.01, Discretization.Trapezoid, observations, new[] { 100.0 },
            new[] { -1e3 }, new[] { 1e3 }, new[] { -1e3 }, new[] { 1e3 });
    }
}
