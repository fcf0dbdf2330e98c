using System;
using System.Linq;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Assimilation;

/// <summary>
/// Missing values and a measurement precision per time and component: the derivatives (Taylor test of the gradient,
/// Hessian against differences of the gradient), exactness (a masked value is the same problem as that value
/// removed, bit for bit, wherever the two can be written both ways), the χ² count, and the validation.
/// </summary>
public class MissingValueTests(ITestOutputHelper output)
{
    public static TheoryData<Discretization> All => ActionGradientTests.All;

    private static readonly int[] Observed = { 0, 2, 3 };

    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    /// <summary>Data every other grid point for three of five components, random values in the box.</summary>
    private static (int[] Times, double[] Values) Table(int steps, int seed = 3)
    {
        var random = new Random(seed);
        int[] times = Enumerable.Range(0, steps / 2 + 1).Select(t => 2 * t).ToArray();
        return (times, ModelPoint.Uniform(random, times.Length * Observed.Length, -5, 5));
    }

    private static AssimilationProblem<Lorenz96D5> Problem(Discretization discretization, Observations observations, double[] precision, int steps = 12) =>
        new(steps, 0.025, discretization, observations, precision, Filled(5, -15), Filled(5, 15), new[] { 0.0 }, new[] { 20.0 });

    private static AssimilationProblem<Lorenz96D5> Problem(Discretization discretization, Observations observations, double[,] precision, int steps = 12) =>
        new(steps, 0.025, discretization, observations, precision, Filled(5, -15), Filled(5, 15), new[] { 0.0 }, new[] { 20.0 });

    /// <summary>
    /// Gaps of every kind — single values, a whole row (time 4), a whole column but one value — as NaN in the table,
    /// and a precision that differs per entry: the most general measurement term.
    /// </summary>
    private static AssimilationProblem<Lorenz96D5> GappyProblem(Discretization discretization, int steps = 12)
    {
        (int[] times, double[] values) = Table(steps);
        int columns = Observed.Length;
        foreach (int k in new[] { 1, 5, 10, 14 }) values[k] = double.NaN;
        for (int c = 0; c < columns; c++) values[2 * columns + c] = double.NaN; // row 2 (grid time 4): nothing measured
        for (int row = 0; row < times.Length; row++)
            if (row != 3) values[row * columns + 2] = double.NaN;              // component 3: one measurement only
        Observations observations = Observations.WithMissingAsNaN(Observed, times, values);
        double[,] precision = observations.PrecisionMatrix((n, a) => 1.0 + 0.25 * a + 0.1 * n);
        return Problem(discretization, observations, precision, steps);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void GradientWithMissingValuesPassesTaylorTest(Discretization discretization)
    {
        AssimilationProblem<Lorenz96D5> problem = GappyProblem(discretization);
        Assert.True(problem.Observations.HasMissing);
        double rate = ActionGradientTests.TaylorTest(problem, 50.0);
        output.WriteLine($"{discretization}: Taylor remainder rate {rate:F4} with {problem.Observations.Values.Length - problem.Observations.MeasuredCount} of {problem.Observations.Values.Length} values missing");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void HessianWithMissingValuesMatchesGradientDifferences(Discretization discretization) =>
        ActionHessianTests.CheckAgainstGradientDifferences(GappyProblem(discretization), 50.0);

    /// <summary>A missing value is no measurement: whatever number sits in its slot, the action and gradient do not see it.</summary>
    [Fact]
    public void AMissingValueIsNotReadAtAll()
    {
        (int[] times, double[] values) = Table(12);
        var measured = Enumerable.Repeat(true, values.Length).ToArray();
        measured[4] = false;
        double[] other = (double[])values.Clone();
        other[4] = 1e300;
        var first = new ActionFunction<Lorenz96D5>(Problem(Discretization.Trapezoid, new Observations(Observed, times, values, measured), Filled(3, 4.0)));
        var second = new ActionFunction<Lorenz96D5>(Problem(Discretization.Trapezoid, new Observations(Observed, times, other, measured), Filled(3, 4.0)));
        (double[] z, _) = ActionGradientTests.Point(first.Problem, new Random(2));
        double[] g1 = new double[z.Length], g2 = new double[z.Length];
        Assert.Equal(first.Evaluate(z, g1), second.Evaluate(z, g2));
        Assert.Equal(g1, g2);
        Assert.True(double.IsNaN(first.Problem.Observations.Values[4]), "the slot of a missing value reads NaN");
        Assert.False(double.IsNaN(values[4]), "the caller's array was not overwritten");
    }

    /// <summary>
    /// Rows whose every value is missing give the same problem as those rows left out of the table: the action, the
    /// gradient, the Hessian, the Fisher information and the measurement count agree bit for bit (the measured entries are
    /// visited in the same order, so even the rounding is the same), for every discretization.
    /// </summary>
    [Theory]
    [MemberData(nameof(All))]
    public void MaskedRowsEqualRemovedRows(Discretization discretization)
    {
        (int[] times, double[] values) = Table(12);
        int columns = Observed.Length;
        int[] masked = { 1, 4 };
        double[] gappy = (double[])values.Clone();
        foreach (int row in masked)
            for (int c = 0; c < columns; c++) gappy[row * columns + c] = double.NaN;
        int[] keep = Enumerable.Range(0, times.Length).Where(r => !masked.Contains(r)).ToArray();
        var removed = new Observations(Observed, keep.Select(r => times[r]).ToArray(), keep.SelectMany(r => values.Skip(r * columns).Take(columns)).ToArray());
        double[] rm = { 4.0, 4.0, 2.0 };
        AssimilationProblem<Lorenz96D5> withGaps = Problem(discretization, Observations.WithMissingAsNaN(Observed, times, gappy), rm);
        AssimilationProblem<Lorenz96D5> without = Problem(discretization, removed, rm);
        AssertSameProblem(withGaps, without);
    }

    /// <summary>A missing value and a measured one of zero precision are the same action, gradient, Hessian, information and χ² count.</summary>
    [Theory]
    [MemberData(nameof(All))]
    public void AMaskedValueEqualsAZeroPrecisionValue(Discretization discretization)
    {
        (int[] times, double[] values) = Table(12);
        var measured = Enumerable.Repeat(true, values.Length).ToArray();
        var precision = new double[times.Length, Observed.Length];
        for (int row = 0; row < times.Length; row++)
            for (int c = 0; c < Observed.Length; c++) precision[row, c] = 1 + row + c;
        foreach (int k in new[] { 2, 7, 9 })
        {
            measured[k] = false;
            precision[k / Observed.Length, k % Observed.Length] = 0;
        }
        AssimilationProblem<Lorenz96D5> masked = Problem(discretization, new Observations(Observed, times, values, measured), precision);
        AssimilationProblem<Lorenz96D5> unweighted = Problem(discretization, new Observations(Observed, times, values), precision);
        AssertSameProblem(masked, unweighted);
        Assert.Equal(values.Length - 3, masked.MeasurementCount);
    }

    /// <summary>A column with nothing measured is a component nobody observed: the same action, starts, automatic R_f0 and annealing.</summary>
    [Fact]
    public void AnEmptyColumnEqualsAnUnobservedComponent()
    {
        (int[] times, double[] values) = Table(40, seed: 5);
        int columns = Observed.Length;
        double[] gappy = (double[])values.Clone();
        for (int row = 0; row < times.Length; row++) gappy[row * columns + 1] = double.NaN; // component 2 never measured
        var removed = new Observations(new[] { 0, 3 }, times, Enumerable.Range(0, times.Length).SelectMany(r => new[] { values[r * columns], values[r * columns + 2] }).ToArray());
        AssimilationProblem<Lorenz96D5> withGaps = Problem(Discretization.Trapezoid, Observations.WithMissingAsNaN(Observed, times, gappy), new[] { 4.0, 9.0, 2.0 }, 40);
        AssimilationProblem<Lorenz96D5> without = Problem(Discretization.Trapezoid, removed, new[] { 4.0, 2.0 }, 40);
        AssertSameProblem(withGaps, without);
        AssertSameAnnealing(withGaps, without);
    }

    /// <summary>Masked rows and removed rows anneal identically: the starts bridge a gap like the time between two measurements.</summary>
    [Theory]
    [InlineData(StartKind.Uniform)]
    [InlineData(StartKind.Synchronized)]
    public void AnnealingWithMaskedRowsEqualsAnnealingWithoutThem(StartKind starts)
    {
        (int[] times, double[] values) = Table(40, seed: 6);
        int columns = Observed.Length;
        int[] masked = { 0, 3, 4, 11, times.Length - 1 }; // the first and last rows too: the starts hold the nearest measurement there
        double[] gappy = (double[])values.Clone();
        foreach (int row in masked)
            for (int c = 0; c < columns; c++) gappy[row * columns + c] = double.NaN;
        int[] keep = Enumerable.Range(0, times.Length).Where(r => !masked.Contains(r)).ToArray();
        var removed = new Observations(Observed, keep.Select(r => times[r]).ToArray(), keep.SelectMany(r => values.Skip(r * columns).Take(columns)).ToArray());
        double[] rm = { 4.0, 4.0, 2.0 };
        AssertSameAnnealing(Problem(Discretization.Trapezoid, Observations.WithMissingAsNaN(Observed, times, gappy), rm, 40),
            Problem(Discretization.Trapezoid, removed, rm, 40), starts);
    }

    private static void AssertSameProblem(AssimilationProblem<Lorenz96D5> first, AssimilationProblem<Lorenz96D5> second)
    {
        Assert.Equal(second.MeasurementCount, first.MeasurementCount);
        var a = new ActionFunction<Lorenz96D5>(first);
        var b = new ActionFunction<Lorenz96D5>(second);
        double[] rf = { 30, 40, 50, 60, 70 };
        a.SetModelPrecision(rf);
        b.SetModelPrecision(rf);
        (double[] z, _) = ActionGradientTests.Point(first, new Random(13));
        double[] ga = new double[z.Length], gb = new double[z.Length];
        Assert.Equal(b.Evaluate(z, gb), a.Evaluate(z, ga));
        Assert.Equal(b.LastMeasurementTerm, a.LastMeasurementTerm);
        Assert.Equal(gb, ga);

        double[] ha = new double[a.HessianPattern.NonZeroCount], hb = new double[b.HessianPattern.NonZeroCount];
        Assert.Equal(b.HessianPattern.ColumnIndex.ToArray(), a.HessianPattern.ColumnIndex.ToArray());
        a.Hessian(z, ha);
        b.Hessian(z, hb);
        Assert.Equal(hb, ha);

        double[] x0 = { 1, -2, 3, 0.5, 2 }, parameters = { 8.17 };
        Assert.Equal(FisherInformation.Compute(second, x0, parameters).Matrix, FisherInformation.Compute(first, x0, parameters).Matrix);
    }

    private static void AssertSameAnnealing(AssimilationProblem<Lorenz96D5> first, AssimilationProblem<Lorenz96D5> second, StartKind starts = StartKind.Automatic)
    {
        var options = new AnnealingOptions { Paths = 2, BetaMax = 12, Alpha = 2, Threads = 1, Seed = 4, Starts = starts };
        AnnealingResult<Lorenz96D5> a = PrecisionAnnealing.Run(first, options);
        AnnealingResult<Lorenz96D5> b = PrecisionAnnealing.Run(second, options);
        Assert.Equal(b.Rf0, a.Rf0);
        Assert.Equal(b.Starts, a.Starts);
        Assert.Equal(b.Levels.Count, a.Levels.Count);
        for (int k = 0; k < a.Levels.Count; k++) Assert.Equal(b.Levels[k].Actions, a.Levels[k].Actions);
        Assert.Equal(b.FinalPaths, a.FinalPaths);
        Assert.Equal(b.Verdict!.Measurements, a.Verdict!.Measurements);
        Assert.Equal(b.Verdict.MeasurementDeviation, a.Verdict.MeasurementDeviation);
    }

    /// <summary>
    /// The χ² expectation counts measured values only: at the true path of a twin experiment with a third of the values
    /// missing, the measurement term averages M/2 with M the measured count (and not the table's size, 3/2 of it).
    /// </summary>
    [Fact]
    public void ChiSquareCountsOnlyMeasuredValues()
    {
        const int steps = 200;
        const double sigma = 0.5;
        int[] observed = { 0, 1, 3 };
        var random = new Random(17);
        double[] x0 = TwinExperiment.SpinUp<Lorenz96D5>(Enumerable.Range(0, 5).Select(_ => 8.17 + random.NextDouble()).ToArray(), new[] { 8.17 }, 0.025, 500);
        double[] truth = TwinExperiment.Integrate<Lorenz96D5>(x0, new[] { 8.17 }, 0.025, steps);
        double total = 0;
        int draws = 40, measuredCount = 0, tableSize = 0;
        for (int draw = 0; draw < draws; draw++)
        {
            Observations complete = TwinExperiment.Observe(truth, 5, steps, observed, 1, sigma, random);
            double[] values = (double[])complete.Values.Clone();
            for (int k = 0; k < values.Length; k++)
                if (k % 3 == draw % 3) values[k] = double.NaN;
            AssimilationProblem<Lorenz96D5> problem = new(steps, 0.025, Discretization.Trapezoid, Observations.WithMissingAsNaN(observed, complete.Times, values),
                Filled(3, 1 / (sigma * sigma)), Filled(5, -15), Filled(5, 15), new[] { 0.0 }, new[] { 20.0 });
            var action = new ActionFunction<Lorenz96D5>(problem);
            action.Value(problem.Pack(truth.AsSpan(0, (steps + 1) * 5), new[] { 8.17 }));
            total += action.LastMeasurementTerm;
            measuredCount = problem.MeasurementCount;
            tableSize = values.Length;
            Assert.Equal(problem.Observations.MeasuredCount, problem.MeasurementCount);
        }
        double mean = total / draws, expected = measuredCount / 2.0, sdOfMean = Math.Sqrt(expected) / Math.Sqrt(draws);
        output.WriteLine($"mean measurement term at the truth {mean:F2}; measured M/2 = {expected}, table size / 2 = {tableSize / 2.0}, sd of the mean {sdOfMean:F2}");
        Assert.InRange(mean, expected - 4 * sdOfMean, expected + 4 * sdOfMean);
        Assert.True(Math.Abs(mean - tableSize / 2.0) > 10 * sdOfMean, "the table's size would be the wrong count");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void EvaluationWithMissingValuesAllocatesNothing(Discretization discretization)
    {
        var action = new ActionFunction<Lorenz96D5>(GappyProblem(discretization, steps: 40));
        (double[] z, _) = ActionGradientTests.Point(action.Problem, new Random(1));
        var gradient = new double[z.Length];
        var hessian = new double[action.HessianPattern.NonZeroCount];
        action.Evaluate(z, gradient);
        action.Hessian(z, hessian);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            action.Evaluate(z, gradient);
            action.Hessian(z, hessian);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Per-entry precision from a function: evaluated only where measured, used as given, summarized per column by the mean.</summary>
    [Fact]
    public void PrecisionPerEntryFromAFunction()
    {
        (int[] times, double[] values) = Table(12);
        values[4] = double.NaN;
        Observations observations = Observations.WithMissingAsNaN(Observed, times, values);
        int asked = 0;
        double[,] matrix = observations.PrecisionMatrix((n, a) =>
        {
            asked++;
            return n < 6 ? 1.0 : 4.0; // the sensor's noise halves after t = 6Δt
        });
        Assert.Equal(observations.MeasuredCount, asked);
        AssimilationProblem<Lorenz96D5> problem = Problem(Discretization.Trapezoid, observations, matrix);
        Assert.True(problem.PrecisionPerEntry);
        Assert.Equal(1.0, problem.Precision(0, 0));
        Assert.Equal(4.0, problem.Precision(3, 0));
        Assert.Equal(0.0, problem.Precision(1, 1)); // values[4]: row 1, column 1, missing
        Assert.Equal((3 * 1.0 + 4 * 4.0) / 7, problem.MeasurementPrecision[0], 14);
        Assert.Equal(observations.MeasuredCount, problem.MeasurementCount);

        // One precision per component written as a matrix is the per-component problem.
        var complete = new Observations(Observed, times, Table(12).Values);
        double[] rm = { 4.0, 1.0, 2.0 };
        AssertSameProblem(Problem(Discretization.HermiteSimpson, complete, complete.PrecisionMatrix((_, a) => rm[Array.IndexOf(Observed, a)])),
            Problem(Discretization.HermiteSimpson, complete, rm));
    }

    [Fact]
    public void BadMasksAndPrecisionsNameTheArgument()
    {
        (int[] times, double[] values) = Table(12);
        void Expect(string name, string fragment, Action create)
        {
            var error = Assert.ThrowsAny<ArgumentException>(create);
            Assert.Equal(name, error.ParamName);
            Assert.Contains(fragment, error.Message);
        }
        Expect("measured", "one entry per value", () => new Observations(Observed, times, values, new bool[3]));
        double[] infinite = (double[])values.Clone();
        infinite[5] = double.PositiveInfinity;
        Expect("values", "values[5]", () => Observations.WithMissingAsNaN(Observed, times, infinite));
        double[] nan = (double[])values.Clone();
        nan[5] = double.NaN;
        Expect("values", "mark a missing one", () => new Observations(Observed, times, nan));
        var observations = new Observations(Observed, times, values);
        Expect("measurementPrecision", "7 × 3", () => Problem(Discretization.Trapezoid, observations, new double[6, 3]));
        var negative = new double[7, 3];
        negative[2, 1] = -1;
        Expect("measurementPrecision", "[2, 1]", () => Problem(Discretization.Trapezoid, observations, negative));
        Expect("measurementPrecision", "", () => Problem(Discretization.Trapezoid, observations, (double[,])null!));
        // An entry that is not measured may hold anything, NaN included.
        var measured = Enumerable.Repeat(true, values.Length).ToArray();
        measured[7] = false;
        var ignored = new double[7, 3];
        for (int row = 0; row < 7; row++)
            for (int c = 0; c < 3; c++) ignored[row, c] = 1;
        ignored[2, 1] = double.NaN;
        Assert.Equal(0.0, Problem(Discretization.Trapezoid, new Observations(Observed, times, values, measured), ignored).Precision(2, 1));
        // Nothing measured at all: nothing to anneal towards, said so.
        var nothing = new Observations(Observed, times, values, new bool[values.Length]);
        Expect("problem", "no measurements", () => PrecisionAnnealing.Run(Problem(Discretization.Trapezoid, nothing, Filled(3, 1.0)), new AnnealingOptions { Paths = 1 }));
    }
}
