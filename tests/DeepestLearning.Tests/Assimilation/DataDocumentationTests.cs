using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Assimilation;

/// <summary>The code of docs/data.md, with the page's MyModel a 5-component Lorenz96: it compiles, runs and does what the page says.</summary>
public class DataDocumentationTests
{
    [Fact]
    public void TheExamplesOfDataMdRun()
    {
        double[] stateLower = Enumerable.Repeat(-15.0, 5).ToArray(), stateUpper = Enumerable.Repeat(15.0, 5).ToArray();
        double[] parameterLower = { 0.0 }, parameterUpper = { 20.0 };

        // docs/data.md, "Missing values"
        int[] components = { 0, 2 };
        int[] times = { 0, 1, 2, 3, 4 };
        double[] values =
        {
            1.02, -0.31,
            double.NaN, -0.44,
            0.97, double.NaN,
            double.NaN, double.NaN,
            0.91, -0.52,
        };
        Observations data = Observations.WithMissingAsNaN(components, times, values);
        bool[] measured = values.Select(v => !double.IsNaN(v)).ToArray();
        Observations same = new Observations(components, times, values, measured);
        Assert.Equal(6, data.MeasuredCount);
        Assert.Equal(data.Values, same.Values);
        Assert.Equal(3, data.MeasuredInColumn(1));

        // docs/data.md, "A precision per measurement"
        double[,] rm = data.PrecisionMatrix((n, component) => component == 2 && n >= 3 ? 16.0 : 4.0);
        var problem = new AssimilationProblem<Lorenz96D5>(steps: 4, dt: 0.01, Discretization.Trapezoid, data, rm,
            stateLower, stateUpper, parameterLower, parameterUpper);
        Assert.Equal(16.0, problem.Precision(4, 1));
        Assert.Equal(6, problem.MeasurementCount);

        // docs/data.md, "Starting from a path you have"
        var options = new AnnealingOptions { Paths = 2, BetaMax = 6, Threads = 1 };
        AnnealingResult<Lorenz96D5> first = PrecisionAnnealing.Run(problem, options);
        double rf = first.Levels[^1].Rf;
        var again = options with
        {
            InitialPaths = first.FinalPaths,
            Rf0 = Enumerable.Repeat(rf, Lorenz96D5.StateCount).ToArray(),
            BetaMax = 10,
        };
        AnnealingResult<Lorenz96D5> continued = PrecisionAnnealing.Run(problem, again);
        Assert.True(continued.Levels[0].Actions.Min() <= first.Levels[^1].Actions.Min() * (1 + 1e-9));

        double[] x0 = { 1, 2, 3, 4, 5 }, guess = { 8.0 };
        double[] simulated = TwinExperiment.Integrate<Lorenz96D5>(x0, guess, problem.Dt, problem.Steps);
        var fromModel = options with { InitialPaths = new[] { problem.Pack(simulated, guess) } };
        Assert.Equal(problem.Pack(simulated, guess), PrecisionAnnealing.Run(problem, fromModel with { BetaMax = 0, Minimizer = new LbfgsBOptions { MaxIterations = 0 }, AdaptiveSteps = false }).FinalPaths[0]);
    }
}
