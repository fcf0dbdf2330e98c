using System;
using System.Linq;
using DeepestLearning.Tests.Derivatives;
using DeepestLearning.Tests.Models;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Assimilation;

/// <summary>
/// The action, its gradient, the exact Hessian and the Fisher information of problems whose data are outputs of a
/// generated [Measurement] function: Taylor tests, Hessian against differences of the gradient, Fisher information
/// against differences of the measured trajectory, an identity sensor equal to component selection, no allocation.
/// </summary>
public class MeasurementFunctionTests(ITestOutputHelper output)
{
    public static TheoryData<Discretization> All => ActionGradientTests.All;

    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    /// <summary>Sensed Lorenz96 (tanh of sums with a gain, and a square): every other grid point, outputs 0, 1, 3, 4.</summary>
    private static AssimilationProblem<SensedLorenz96> SensedProblem(Discretization discretization, bool estimateGain = true, bool gaps = false, int steps = 10)
    {
        var random = new Random(7);
        int[] outputs = { 0, 1, 3, 4 };
        int[] times = Enumerable.Range(0, steps / 2 + 1).Select(t => 2 * t).ToArray();
        double[] values = ModelPoint.Uniform(random, times.Length * outputs.Length, -0.9, 0.9);
        Observations observations;
        double[,]? perEntry = null;
        if (gaps)
        {
            foreach (int k in new[] { 1, 6, 9 }) values[k] = double.NaN;
            observations = Observations.WithMissingAsNaN(outputs, times, values);
            perEntry = observations.PrecisionMatrix((n, l) => 2.0 + 0.5 * l + 0.1 * n);
        }
        else observations = new Observations(outputs, times, values);
        bool[] estimated = { true, estimateGain };
        double[] fixedValues = { 0.0, 1.3 };
        return perEntry is null
            ? new(steps, 0.025, discretization, observations, new[] { 4.0, 3.0, 2.0, 1.0 }, Filled(6, -3), Filled(6, 3), new[] { 0.0, 0.5 }, new[] { 20.0, 2.0 }, estimated, fixedValues)
            : new(steps, 0.025, discretization, observations, perEntry, Filled(6, -3), Filled(6, 3), new[] { 0.0, 0.5 }, new[] { 20.0, 2.0 }, estimated, fixedValues);
    }

    /// <summary>The driven oscillator whose sensor reads the stimulus and a parameter: both outputs every grid point.</summary>
    private static AssimilationProblem<SensedOscillator> OscillatorProblem(Discretization discretization, int steps = 10)
    {
        var random = new Random(8);
        int[] times = Enumerable.Range(0, steps + 1).ToArray();
        var observations = new Observations(new[] { 0, 1 }, times, ModelPoint.Uniform(random, times.Length * 2, -1, 1));
        double[] stimulus = Enumerable.Range(0, steps + 1).Select(n => Math.Sin(0.3 * n + 0.5)).ToArray();
        return new(steps, 0.05, discretization, observations, new[] { 5.0, 2.0 }, Filled(2, -2), Filled(2, 2), new[] { 0.1, 0.2 }, new[] { 2.0, 1.0 }, stimulus: stimulus);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void GradientWithNonlinearMeasurementPassesTaylorTest(Discretization discretization)
    {
        double rate = ActionGradientTests.TaylorTest(SensedProblem(discretization), 50.0);
        output.WriteLine($"{discretization}: tanh sensors, Taylor remainder rate {rate:F4}");
        Assert.True(rate > 1.9);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void GradientWithFixedGainGapsAndStimulusPassesTaylorTest(Discretization discretization)
    {
        double fixedGain = ActionGradientTests.TaylorTest(SensedProblem(discretization, estimateGain: false, gaps: true), 50.0);
        double oscillator = ActionGradientTests.TaylorTest(OscillatorProblem(discretization), 20.0);
        output.WriteLine($"{discretization}: fixed gain with gaps {fixedGain:F4}, stimulus-dependent sensor {oscillator:F4}");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void HessianWithNonlinearMeasurementMatchesGradientDifferences(Discretization discretization) =>
        ActionHessianTests.CheckAgainstGradientDifferences(SensedProblem(discretization), 50.0);

    [Theory]
    [MemberData(nameof(All))]
    public void HessianWithFixedGainGapsAndStimulusMatchesGradientDifferences(Discretization discretization)
    {
        ActionHessianTests.CheckAgainstGradientDifferences(SensedProblem(discretization, estimateGain: false, gaps: true), 50.0);
        ActionHessianTests.CheckAgainstGradientDifferences(OscillatorProblem(discretization), 20.0);
    }

    /// <summary>y = x through a generated sensor is the same problem as observing the components: equal action, gradient, Hessian and information.</summary>
    [Theory]
    [MemberData(nameof(All))]
    public void IdentitySensorEqualsComponentSelection(Discretization discretization)
    {
        const int steps = 8;
        var random = new Random(4);
        int[] components = { 0, 2, 3 };
        int[] times = { 0, 2, 3, 6, 8 };
        var observations = new Observations(components, times, ModelPoint.Uniform(random, times.Length * components.Length, -5, 5));
        double[] rm = { 4.0, 2.0, 1.0 };
        var selected = new AssimilationProblem<Lorenz96D5>(steps, 0.025, discretization, observations, rm, Filled(5, -15), Filled(5, 15), new[] { 0.0 }, new[] { 20.0 });
        var sensed = new AssimilationProblem<IdentitySensedLorenz96>(steps, 0.025, discretization, observations, rm, Filled(5, -15), Filled(5, 15), new[] { 0.0 }, new[] { 20.0 });
        Assert.False(selected.ObservesMeasurementFunction);
        Assert.True(sensed.ObservesMeasurementFunction);

        (double[] z, _) = ActionGradientTests.Point(selected, new Random(9));
        var a = new ActionFunction<Lorenz96D5>(selected);
        var b = new ActionFunction<IdentitySensedLorenz96>(sensed);
        a.SetModelPrecision(Filled(5, 30));
        b.SetModelPrecision(Filled(5, 30));
        var ga = new double[z.Length];
        var gb = new double[z.Length];
        Assert.Equal(a.Evaluate(z, ga), b.Evaluate(z, gb), 12);
        Assert.Equal(a.LastMeasurementTerm, b.LastMeasurementTerm, 12);
        for (int i = 0; i < z.Length; i++) Assert.Equal(ga[i], gb[i], 12);

        // The Hessians agree entry by entry (the sensor adds no off-diagonal entry: ∇²h = 0, ∇h a unit row).
        Assert.Equal(a.HessianPattern.RowStart.ToArray(), b.HessianPattern.RowStart.ToArray());
        Assert.Equal(a.HessianPattern.ColumnIndex.ToArray(), b.HessianPattern.ColumnIndex.ToArray());
        var ha = new double[a.HessianPattern.NonZeroCount];
        var hb = new double[b.HessianPattern.NonZeroCount];
        a.Hessian(z, ha);
        b.Hessian(z, hb);
        for (int k = 0; k < ha.Length; k++) Assert.Equal(ha[k], hb[k], 12);

        double[] x0 = ModelPoint.Uniform(random, 5, -5, 5), parameters = { 8.17 };
        FisherInformation fa = FisherInformation.Compute(selected, x0, parameters), fb = FisherInformation.Compute(sensed, x0, parameters);
        for (int k = 0; k < fa.Matrix.Length; k++) Assert.Equal(fa.Matrix[k], fb.Matrix[k], 9);
    }

    /// <summary>
    /// F = Σ R_m g gᵀ with g = ∂h(x(t))/∂(θ, x₀): against central differences of the measured outputs along the RK4
    /// trajectory the information is defined on, with a fixed gain (no column) and with the gain estimated.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FisherInformationMatchesDifferencesOfTheMeasuredTrajectory(bool estimateGain)
    {
        AssimilationProblem<SensedLorenz96> problem = SensedProblem(Discretization.RungeKutta4, estimateGain, gaps: true, steps: 12);
        double[] x0 = { 1.0, -0.5, 0.3, 0.8, -1.1, 0.6 }, parameters = { 8.17, 1.3 };
        FisherInformation fisher = FisherInformation.Compute(problem, x0, parameters);
        int[] estimated = problem.EstimatedParameters;
        int size = estimated.Length + 6;
        Assert.Equal(size, fisher.Size);

        // Measured outputs as a function of the unknowns (estimated parameters, then x₀).
        double[] Measured(double[] unknowns)
        {
            double[] p = (double[])parameters.Clone();
            for (int k = 0; k < estimated.Length; k++) p[estimated[k]] = unknowns[k];
            double[] path = TwinExperiment.Integrate<SensedLorenz96>(unknowns.AsSpan(estimated.Length), p, problem.Dt, problem.Steps);
            Observations obs = problem.Observations;
            var y = new double[SensedLorenz96.MeasurementCount];
            var result = new double[obs.MeasuredCount];
            int k2 = 0;
            for (int row = 0; row < obs.Times.Length; row++)
            {
                SensedLorenz96.Measurement(path.AsSpan(obs.Times[row] * 6, 6), p, default, y);
                for (int c = 0; c < obs.Components.Length; c++)
                    if (obs.IsMeasured(row, c)) result[k2++] = y[obs.Components[c]];
            }
            return result;
        }
        var weights = new double[problem.Observations.MeasuredCount];
        int w = 0;
        for (int row = 0; row < problem.Observations.Times.Length; row++)
            for (int c = 0; c < problem.Observations.Components.Length; c++)
                if (problem.Observations.IsMeasured(row, c)) weights[w++] = problem.Precision(row, c);

        double[] unknowns = estimated.Select(k => parameters[k]).Concat(x0).ToArray();
        var sensitivity = new double[size][];
        for (int j = 0; j < size; j++)
        {
            double step = 1e-6 * Math.Max(1.0, Math.Abs(unknowns[j]));
            double[] plus = (double[])unknowns.Clone(), minus = (double[])unknowns.Clone();
            plus[j] += step;
            minus[j] -= step;
            double[] yp = Measured(plus), ym = Measured(minus);
            sensitivity[j] = yp.Select((v, k) => (v - ym[k]) / (2 * step)).ToArray();
        }
        double worst = 0;
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
            {
                double expected = 0;
                for (int k = 0; k < weights.Length; k++) expected += weights[k] * sensitivity[i][k] * sensitivity[j][k];
                double scale = Math.Sqrt(fisher.Matrix[i * size + i] * fisher.Matrix[j * size + j]);
                worst = Math.Max(worst, Math.Abs(fisher.Matrix[i * size + j] - expected) / scale);
            }
        output.WriteLine($"gain estimated {estimateGain}: largest Fisher error relative to √(FᵢᵢFⱼⱼ) {worst:E2}");
        Assert.True(worst < 1e-6, $"Fisher information differs from differences by {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void EvaluationWithMeasurementFunctionAllocatesNothing(Discretization discretization)
    {
        AssimilationProblem<SensedLorenz96> problem = SensedProblem(discretization, estimateGain: false, gaps: true);
        var action = new ActionFunction<SensedLorenz96>(problem);
        (double[] z, _) = ActionGradientTests.Point(problem, new Random(3));
        var gradient = new double[z.Length];
        var values = new double[action.HessianPattern.NonZeroCount];
        action.Evaluate(z, gradient);
        action.Hessian(z, values);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 50; k++)
        {
            action.Evaluate(z, gradient);
            action.Value(z);
            action.Hessian(z, values);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// The strong-constraint error bands take their information from the measurement term too: rows masked out are the
    /// same as rows removed (before, every row counted, at its column's mean precision), and a generated sensor gives finite bands.
    /// </summary>
    [Fact]
    public void StrongConstraintBandsSkipMissingRowsAndUseTheSensor()
    {
        const int steps = 12;
        var random = new Random(6);
        int[] components = { 0, 2, 3 };
        int[] times = Enumerable.Range(0, steps + 1).ToArray();
        double[] values = ModelPoint.Uniform(random, times.Length * components.Length, -5, 5);
        double[] gappy = (double[])values.Clone();
        foreach (int row in new[] { 2, 7 })
            for (int c = 0; c < components.Length; c++) gappy[row * components.Length + c] = double.NaN;
        int[] keep = times.Where(n => n != 2 && n != 7).ToArray();
        var removed = new Observations(components, keep, keep.SelectMany(n => values.Skip(n * components.Length).Take(components.Length)).ToArray());
        double[] rm = { 4.0, 2.0, 1.0 };
        AssimilationProblem<Lorenz96D5> Make(Observations o) => new(steps, 0.025, Discretization.RungeKutta4, o, rm, Filled(5, -15), Filled(5, 15), new[] { 0.0 }, new[] { 20.0 });
        AssimilationProblem<Lorenz96D5> masked = Make(Observations.WithMissingAsNaN(components, times, gappy)), without = Make(removed);
        double[] truth = TwinExperiment.Integrate<Lorenz96D5>(new[] { 1.0, -2, 3, 0.5, 2 }, new[] { 8.17 }, 0.025, steps);
        double[] packed = masked.Pack(truth, new[] { 8.17 });

        (double[] Variance, double[] Covariance) Bands<TModel>(AssimilationProblem<TModel> problem) where TModel : IDynamicalModel<TModel>
        {
            var variance = new double[(steps + 1) * TModel.StateCount];
            var covariance = new double[problem.EstimatedParameters.Length * problem.EstimatedParameters.Length];
            (bool identifiable, _) = StrongConstraintCovariance.Compute(problem, packed, variance, covariance, default);
            Assert.True(identifiable);
            return (variance, covariance);
        }
        var (maskedVariance, maskedCovariance) = Bands(masked);
        var (withoutVariance, withoutCovariance) = Bands(without);
        Assert.Equal(withoutVariance, maskedVariance);
        Assert.Equal(withoutCovariance, maskedCovariance);

        var sensed = new AssimilationProblem<IdentitySensedLorenz96>(steps, 0.025, Discretization.RungeKutta4, removed, rm, Filled(5, -15), Filled(5, 15), new[] { 0.0 }, new[] { 20.0 });
        var (sensedVariance, sensedCovariance) = Bands(sensed);
        for (int k = 0; k < sensedVariance.Length; k++) Assert.Equal(withoutVariance[k], sensedVariance[k], 9);
        Assert.Equal(withoutCovariance[0], sensedCovariance[0], 9);
    }

    /// <summary>
    /// Precision annealing through tanh sensors, end to end (Newton on the exact Hessian, two given uniform starts): the
    /// lowest path's measurement term is at its χ² level and F is within three Cramér–Rao bounds. (At D = 6 one start of
    /// the two may end in a higher local minimum; the D = 20 sample shows every start on one level.)
    /// </summary>
    /// <summary>Twin data of SensedLorenz96 through its five tanh sensors (σ = 0.01, 60 RK4 steps), F estimated, the gain fixed at 1.</summary>
    private static (AssimilationProblem<SensedLorenz96> Problem, Random Random) TanhSensorProblem()
    {
        const int steps = 60;
        const double dt = 0.025, sigma = 0.01, trueF = 8.17;
        var random = new Random(2);
        double[] x0 = TwinExperiment.SpinUp<SensedLorenz96>(ModelPoint.Uniform(random, 6, 7.5, 8.5), new[] { trueF, 1.0 }, dt, 400);
        double[] truth = TwinExperiment.Integrate<SensedLorenz96>(x0, new[] { trueF, 1.0 }, dt, steps);
        int[] outputs = { 0, 1, 2, 3, 4 };
        int[] times = Enumerable.Range(0, steps + 1).ToArray();
        var values = new double[times.Length * outputs.Length];
        var y = new double[5];
        for (int n = 0; n <= steps; n++)
        {
            SensedLorenz96.Measurement(truth.AsSpan(n * 6, 6), new[] { trueF, 1.0 }, default, y);
            for (int c = 0; c < outputs.Length; c++) values[n * outputs.Length + c] = y[outputs[c]] + sigma * TwinExperiment.Gaussian(random);
        }
        // The gain is known (fixed at 1): tanh saturates, so the sums are read where the slope is not small.
        var problem = new AssimilationProblem<SensedLorenz96>(steps, dt, Discretization.RungeKutta4, new Observations(outputs, times, values), Filled(5, 1 / (sigma * sigma)),
            Filled(6, -15), Filled(6, 15), new[] { 0.0, 0.5 }, new[] { 20.0, 2.0 }, estimated: new[] { true, false }, parameterValues: new[] { 0.0, 1.0 });
        return (problem, random);
    }

    /// <summary>
    /// With every automatic choice: through a [Measurement] function no state component is observed, so the starts are
    /// uniform (synchronized ones are refused by name), every component gets the same R_f0 from the outputs' precision,
    /// and β_max is derived from the loosest component — no column is read as a state. It reaches the noise level and is
    /// judged consistent (measured: 154.4 against χ² 152.5 ± 12.3, 35 levels).
    /// </summary>
    [Fact]
    public void AnnealingThroughTanhSensorsWithTheAutomaticChoices()
    {
        (AssimilationProblem<SensedLorenz96> problem, _) = TanhSensorProblem();
        AnnealingResult<SensedLorenz96> result = PrecisionAnnealing.Run(problem, new AnnealingOptions { Paths = 2, Seed = 3, Threads = 1 });
        Assert.Equal(StartKind.Uniform, result.Starts);
        Assert.All(result.Rf0, r => Assert.Equal(1e-2 * 1e4, r, 9));
        AnnealingLevel last = result.Levels[^1];
        double expected = problem.MeasurementCount / 2.0;
        output.WriteLine($"β_max {result.BetaMax}, {result.Levels.Count} levels, actions {string.Join(", ", last.Actions)}; measurement term {last.MeasurementTerms[result.BestPath]:F1} (χ² {expected:F1}); {result.Verdict?.Kind}");
        Assert.True(Math.Abs(last.MeasurementTerms[result.BestPath] - expected) < 3 * Math.Sqrt(expected));
        Assert.Equal(VerdictKind.Consistent, result.Verdict!.Kind);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => PrecisionAnnealing.Run(problem, new AnnealingOptions { Paths = 1, Starts = StartKind.Synchronized })).ParamName);
    }

    [Fact]
    public void AnnealingThroughTanhSensorsReachesTheNoiseLevel()
    {
        (AssimilationProblem<SensedLorenz96> problem, Random random) = TanhSensorProblem();
        const int steps = 60;
        const double trueF = 8.17;
        var starts = new double[2][];
        for (int k = 0; k < starts.Length; k++)
            starts[k] = problem.Pack(ModelPoint.Uniform(random, (steps + 1) * 6, -15, 15), new[] { 20 * random.NextDouble(), 1.0 });
        var options = new AnnealingOptions { Rf0 = Filled(6, 1e-2), BetaMax = 50, Paths = 2, Seed = 3, InitialPaths = starts, Threads = 1 };
        AnnealingResult<SensedLorenz96> result = PrecisionAnnealing.Run(problem, options);

        AnnealingLevel last = result.Levels[^1];
        double expected = problem.MeasurementCount / 2.0, spread = Math.Sqrt(expected);
        double f = last.Parameters[result.BestPath][0];
        double bound = FisherInformation.Compute(problem, result.State(0), last.Parameters[result.BestPath]).StandardDeviation(0);
        output.WriteLine($"β = {last.Beta}, actions {string.Join(", ", last.Actions)}; measurement term {last.MeasurementTerms[result.BestPath]:F1} (χ² {expected:F1} ± {spread:F1}); F = {f:F4} ± {bound:F4}; {result.Minimizer}, {result.Elapsed.TotalSeconds:F1} s");
        Assert.True(Math.Abs(last.MeasurementTerms[result.BestPath] - expected) < 3 * spread);
        Assert.True(Math.Abs(f - trueF) < 3 * bound, $"F = {f} is {Math.Abs(f - trueF) / bound:F1} Cramér–Rao bounds from the truth");
    }

    [Fact]
    public void AnObservedOutputBeyondTheMeasurementNamesTheObservations()
    {
        var observations = new Observations(new[] { 0, 5 }, new[] { 0, 1 }, new double[4]);
        var error = Assert.Throws<ArgumentException>(() => new AssimilationProblem<SensedLorenz96>(2, 0.025, Discretization.Trapezoid, observations, new[] { 1.0, 1.0 },
            Filled(6, -3), Filled(6, 3), new[] { 0.0, 0.5 }, new[] { 20.0, 2.0 }));
        Assert.Equal("observations", error.ParamName);
        Assert.Contains("observed output 5 of the measurement function is outside 0..4", error.Message);
    }
}
