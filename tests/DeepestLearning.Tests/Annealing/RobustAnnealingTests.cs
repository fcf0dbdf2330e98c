using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Annealing;

/// <summary>
/// The pieces that make annealing work on experiments it was not tuned on: Latin-hypercube
/// parameters, starts synchronized to the data, the synchronization test, automatic R_f0 and
/// β_max, retried smaller steps after a failed minimization, the plateau stop, and the verdict.
/// </summary>
public class RobustAnnealingTests
{
    [Fact]
    public void Latin_hypercube_puts_one_point_in_every_stratum_of_every_coordinate()
    {
        const int points = 16, coordinates = 5;
        for (int c = 0; c < coordinates; c++)
        {
            var strata = new int[points];
            for (int k = 0; k < points; k++)
            {
                double v = LatinHypercube.Coordinate(3, c, k, points, -2.0, 6.0);
                Assert.InRange(v, -2.0, 6.0);
                strata[k] = (int)Math.Floor((v + 2.0) / 8.0 * points);
                Assert.Equal(v, LatinHypercube.Coordinate(3, c, k, points, -2.0, 6.0)); // deterministic
            }
            Assert.Equal(Enumerable.Range(0, points), strata.OrderBy(s => s));
        }
        // Another seed permutes the strata differently.
        var first = Enumerable.Range(0, points).Select(k => LatinHypercube.Coordinate(3, 0, k, points, 0, 1)).ToArray();
        var other = Enumerable.Range(0, points).Select(k => LatinHypercube.Coordinate(4, 0, k, points, 0, 1)).ToArray();
        Assert.NotEqual(first, other);
        Assert.Equal("point", Assert.Throws<ArgumentOutOfRangeException>(() => LatinHypercube.Coordinate(1, 0, 5, 5, 0, 1)).ParamName);
    }

    [Fact]
    public void Plateau_projects_the_remaining_change_of_a_geometric_approach()
    {
        // A(β) = 1000 + 64·α^−β: after level n the change still to come is 64·α^−n = δ_n / (α − 1).
        const double alpha = 2.0;
        double[] levels = Enumerable.Range(0, 12).Select(b => 1000 + 64 * Math.Pow(alpha, -b)).ToArray();
        // Over a window of 3 the largest step is the earliest, δ_9 = 64·2^−9: projected 64·2^−9.
        Assert.Equal(64 * Math.Pow(2, -9), Plateau.RemainingChange(levels, alpha, 3), 12);
        Assert.True(Plateau.Settled(levels, alpha, 3, 0.5));
        Assert.False(Plateau.Settled(levels[..6], alpha, 3, 0.5)); // 64·2^−3 = 8 still to come
        Assert.Equal(double.PositiveInfinity, Plateau.RemainingChange(levels[..3], alpha, 3));
        // α close to 1 means many levels still to come: the same step projects a larger remainder.
        Assert.True(Plateau.RemainingChange(levels, 1.1, 3) > Plateau.RemainingChange(levels, alpha, 3));
    }

    [Fact]
    public void Verdict_names_each_case_from_its_evidence()
    {
        double[] flat = { 5000, 1200, 1010, 1002, 1001.9, 1001.85, 1001.84 };
        double[] moving = { 5000, 3000, 2000, 1500, 1200, 1100, 1050 };
        double[] scales = { 1.0 };
        FisherInformation determined = FisherInformation.Compute(DecayProblem(), new[] { 1.5 }, new[] { 0.8 });
        Assert.True(determined.ParameterStd()[0] < 0.05 * 0.8);

        // M = 2000: χ² expectation 1000 ± 31.6.
        AnnealingVerdict consistent = AnnealingVerdict.Judge(1001, 2000, flat, 2.0, 3, 0.5, new[] { 1001.84, 1001.84 }, determined, new[] { 0.8 }, new[] { "a" });
        Assert.Equal(VerdictKind.Consistent, consistent.Kind);
        Assert.Equal(2, consistent.StartsAtLowest);

        AnnealingVerdict failure = AnnealingVerdict.Judge(4000, 2000, flat, 2.0, 3, 0.5, new[] { 4000.0, 4500 }, determined, new[] { 0.8 }, new[] { "a" });
        Assert.Equal(VerdictKind.SearchFailure, failure.Kind);
        Assert.Equal(1, failure.StartsAtLowest);
        Assert.Contains("search failure", failure.Explanation);

        AnnealingVerdict unconverged = AnnealingVerdict.Judge(1001, 2000, moving, 2.0, 3, 0.5, new[] { 1050.0 }, determined, new[] { 0.8 }, null);
        Assert.Equal(VerdictKind.Unconverged, unconverged.Kind);
        AnnealingVerdict overfit = AnnealingVerdict.Judge(700, 2000, flat, 2.0, 3, 0.5, new[] { 1001.84 }, determined, new[] { 0.8 }, null);
        Assert.Equal(VerdictKind.Unconverged, overfit.Kind);

        // x' = −a·b·x: only the product is determined; the verdict names the dependent unknown, even for a perfect fit.
        var product = FisherInformation.Compute(ProductProblem(), new[] { 1.5 }, new[] { 0.8, 1.3 });
        AnnealingVerdict limit = AnnealingVerdict.Judge(1001, 2000, flat, 2.0, 3, 0.5, new[] { 1001.84 }, product, new[] { 0.8, 1.3 }, new[] { "a", "b" });
        Assert.Equal(VerdictKind.InformationLimit, limit.Kind);
        Assert.NotEmpty(limit.UndeterminedParameters);

        // Without Fisher information (a network) the fit alone decides; data the bounds exclude is a search failure whatever the fit.
        Assert.Equal(VerdictKind.Consistent, AnnealingVerdict.Judge(1001, 2000, flat, 2.0, 3, 0.5, new[] { 1001.84 }, null, default, null).Kind);
        Assert.Equal(VerdictKind.SearchFailure, AnnealingVerdict.Judge(1001, 2000, flat, 2.0, 3, 0.5, new[] { 1001.84 }, null, default, null, dataOutsideBounds: 4).Kind);
    }

    [Fact]
    public void The_neurons_gates_synchronize_to_the_voltage_and_get_tight_automatic_precision()
    {
        AssimilationProblem<NaKLNeuron> problem = TwinProblems.Neuron();
        int n = problem.VariableCount;
        var lower = new double[n];
        var upper = new double[n];
        problem.PackedBounds(lower, upper);
        // Far-off parameters (a corner of the box) still give one gate path per voltage trace: the gates are driven, not free.
        double[] corner = problem.ParameterUpper.ToArray();
        Assert.True(StartPaths.Synchronizes(problem, corner, lower, upper));
        Assert.Equal(StartKind.Synchronized, PrecisionAnnealing.ChooseStarts(problem, new AnnealingOptions { Paths = 4 }, lower, upper));

        double[] start = PrecisionAnnealing.StartPath(problem, new AnnealingOptions { Paths = 4 }, StartKind.Synchronized, 0, lower, upper);
        double[] rf0 = AutomaticPrecision.ModelPrecision(problem, start);
        Assert.Equal(AutomaticPrecision.ObservedFraction * 1.0, rf0[0]); // V: 1e-2 · R_m
        for (int gate = 1; gate < 4; gate++) Assert.True(rf0[gate] >= 1e3 * rf0[0], $"gate {gate}: R_f0 {rf0[gate]} is not tight next to V's {rf0[0]}");
        // β_max: R_f of V reaches R_m / 1e-8.
        int betaMax = AutomaticPrecision.BetaMax(problem, rf0, 2.0);
        Assert.True(rf0[0] * Math.Pow(2, betaMax) >= 1e8 && rf0[0] * Math.Pow(2, betaMax - 1) < 1e8);
    }

    [Fact]
    public void Chaotic_unobserved_components_do_not_synchronize_and_start_loose_and_uniform()
    {
        // Lorenz96 with 2 of 10 components observed keeps its own chaos in the other eight.
        var problem = TwinProblems.Lorenz96(new[] { 0, 5 });
        int n = problem.VariableCount;
        var lower = new double[n];
        var upper = new double[n];
        problem.PackedBounds(lower, upper);
        Assert.False(StartPaths.Synchronizes(problem, new[] { 8.17 }, lower, upper));
        var options = new AnnealingOptions { Paths = 4, Minimizer = new LbfgsBOptions() }; // with Newton the starts are synchronized regardless (next test)
        Assert.Equal(StartKind.Uniform, PrecisionAnnealing.ChooseStarts(problem, options, lower, upper));
        double[] start = PrecisionAnnealing.StartPath(problem, options, StartKind.Uniform, 0, lower, upper);
        double[] rf0 = AutomaticPrecision.ModelPrecision(problem, start, unobservedFollowData: false);
        Assert.All(rf0, r => Assert.Equal(AutomaticPrecision.ObservedFraction * 4.0, r, 12)); // every component as loose as the observed (R_m = 4)
    }

    [Fact]
    public void The_automatic_minimizer_is_Newton_where_a_factorization_is_affordable_and_brings_synchronized_starts()
    {
        // Lorenz96 D = 10 over 100 steps: a factorization is ~10⁶ operations — Newton, and with Newton the starts are
        // synchronized even though these unobserved components keep their own chaos.
        var small = TwinProblems.Lorenz96(new[] { 0, 5 });
        Assert.Equal(MinimizerKind.Newton, PrecisionAnnealing.ChooseMinimizer(small, new AnnealingOptions()).Kind);
        int n = small.VariableCount;
        var lower = new double[n];
        var upper = new double[n];
        small.PackedBounds(lower, upper);
        Assert.Equal(StartKind.Synchronized, PrecisionAnnealing.ChooseStarts(small, new AnnealingOptions { Paths = 4 }, lower, upper));
        Assert.Equal(StartKind.Synchronized, PrecisionAnnealing.ChooseStarts(small, new AnnealingOptions { Paths = 4, Minimizer = new TrustRegionNewtonOptions() }, lower, upper));

        // Lorenz96 D = 1000 over 1000 steps: an envelope two time points (2000 variables) wide, 4·10¹² operations — L-BFGS-B.
        var observations = new Observations(new[] { 0 }, new[] { 0 }, new[] { 1.0 });
        var large = new AssimilationProblem<Lorenz96D1000>(1000, 0.025, Discretization.Trapezoid, observations, new[] { 1.0 },
            Enumerable.Repeat(-15.0, 1000).ToArray(), Enumerable.Repeat(15.0, 1000).ToArray(), new[] { 0.0 }, new[] { 20.0 });
        Assert.Equal(MinimizerKind.LbfgsB, PrecisionAnnealing.ChooseMinimizer(large, new AnnealingOptions()).Kind);
        Assert.InRange(ActionHessian<Lorenz96D1000>.FactorizationWork(large), 3e12, 5e12);

        // The neuron (6000 steps, 19 parameters) is within the budget, as Newton must be for it.
        Assert.Equal(MinimizerKind.Newton, PrecisionAnnealing.ChooseMinimizer(TwinProblems.Neuron(), new AnnealingOptions()).Kind);
    }

    [Fact]
    public void The_resolved_minimizer_is_reported_and_the_automatic_one_is_never_created_unresolved()
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 2, 4, 6, 8 });
        var result = PrecisionAnnealing.Run(problem, new AnnealingOptions { Paths = 1, BetaMax = 2, Threads = 1, Verdict = false });
        Assert.Equal(MinimizerKind.Newton, result.Minimizer);
        Assert.IsType<AutomaticMinimizerOptions>(result.Options.Minimizer);
        Assert.Equal("auto", MinimizerKind.Automatic.Name());
        Assert.Equal(MinimizerKind.Automatic, MinimizerKinds.Parse("AUTO"));
        Assert.Throws<InvalidOperationException>(() => new AutomaticMinimizerOptions().Create(new ActionFunction<Lorenz96D10>(problem)));
    }

    [Fact]
    public void A_failed_minimization_is_retried_from_the_last_path_in_smaller_steps()
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 1, 3, 5, 6, 8 });
        // Ten L-BFGS-B iterations cannot converge a level: every step fails, whole or halved.
        var options = AnnealingOptions.Uniform(10, 1e-2) with
        {
            Alpha = 4.0, BetaMax = 4, Paths = 1, StopAtPlateau = false,
            Minimizer = new LbfgsBOptions { MaxIterations = 10 },
        };
        AnnealingResult<Lorenz96D10> adaptive = PrecisionAnnealing.Run(problem, options);
        double[] visited = adaptive.VisitedBetas[0];
        Assert.Contains(visited, b => b != Math.Floor(b)); // fractional β were visited
        Assert.True(visited.Zip(visited.Skip(1), (a, b) => b > a).All(x => x), "visited β must increase");
        for (int beta = 0; beta <= 4; beta++) Assert.Contains((double)beta, visited); // every level is still reached
        Assert.All(visited, b => Assert.Equal(0, (b * 8) % 1, 12)); // steps are α, α^½, α^¼ or α^⅛
        Assert.Contains(adaptive.Levels, level => level.Substeps[0] > 1);
        Assert.True(adaptive.Levels.Sum(level => level.Substeps[0]) > visited.Length, "failed attempts count as substeps but are not visited");
        // Every step fails on the budget, halved or not: the first halving that fails the same way ends the halving
        // of its level (whole step fails, half step fails and is accepted, the rest of the way fails and is accepted).
        Assert.All(adaptive.Levels.Skip(1), level => Assert.Equal(3, level.Substeps[0]));
        Assert.All(visited, b => Assert.Equal(0, (b * 2) % 1, 12));

        AnnealingResult<Lorenz96D10> fixedSteps = PrecisionAnnealing.Run(problem, options with { AdaptiveSteps = false });
        Assert.Equal(new double[] { 0, 1, 2, 3, 4 }, fixedSteps.VisitedBetas[0]);
        Assert.All(fixedSteps.Levels, level => Assert.Equal(1, level.Substeps[0]));
    }

    [Fact]
    public void Annealing_stops_on_a_settled_plateau_consistent_with_the_noise()
    {
        var problem = TwinProblems.Lorenz96(new[] { 0, 1, 3, 5, 6, 8 });
        var options = new AnnealingOptions { Alpha = 2.0, BetaMax = 200, Paths = 2, Seed = 3 };
        AnnealingResult<Lorenz96D10> result = PrecisionAnnealing.Run(problem, options);
        Assert.Equal(StopReason.Plateau, result.Stop);
        Assert.True(result.Levels.Count < 201, $"{result.Levels.Count} levels");
        double[] lowest = result.Levels.Select(l => l.Actions.Min()).ToArray();
        Assert.True(Plateau.Settled(lowest, 2.0, 3, 0.5));
        AnnealingVerdict verdict = result.Verdict!;
        Assert.InRange(verdict.MeasurementDeviation, -3, 3);
        Assert.Equal(VerdictKind.Consistent, verdict.Kind);
        Assert.InRange(result.BestParameters()[0], 8.17 * 0.97, 8.17 * 1.03);
    }

    /// <summary>An action that fails inside one start surfaces as its own exception, not an AggregateException around it.</summary>
    [Fact]
    public void An_error_inside_a_start_reaches_the_caller_unwrapped()
    {
        var schedule = new AnnealingSchedule(2.0, 3, 2, 1.0, true, 3, true, 3, 0.5, 10);
        double[][] starts = { new double[2], new double[2] };
        var lower = new[] { -1.0, -1.0 };
        var upper = new[] { 1.0, 1.0 };
        var error = Assert.Throws<InvalidOperationException>(() => AnnealingDriver.Run(schedule, starts, lower, upper,
            path => new FailingAction(failing: path == 1), action => new LbfgsB(action), (x, p) => { }, 0, null, default, AnnealingRecovery.None));
        Assert.Equal("start 1 failed", error.Message);
    }

    private sealed class FailingAction(bool failing) : IAnnealedAction
    {
        public int Dimension => 2;
        public double LastMeasurementTerm => 0;
        public double LastModelTerm => 0;
        public void SetPrecisionScale(double scale) { }
        public double Value(ReadOnlySpan<double> packed) => Evaluate(packed, new double[2]);

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            if (failing) throw new InvalidOperationException("start 1 failed");
            gradient[0] = 2 * x[0];
            gradient[1] = 2 * x[1];
            return x[0] * x[0] + x[1] * x[1];
        }
    }

    private static AssimilationProblem<ExponentialDecay> DecayProblem()
    {
        int[] times = Enumerable.Range(0, 201).ToArray();
        var observations = new Observations(new[] { 0 }, times, new double[times.Length]);
        return new AssimilationProblem<ExponentialDecay>(200, 0.01, Discretization.Trapezoid, observations, new[] { 100.0 },
            new[] { -1e3 }, new[] { 1e3 }, new[] { -1e3 }, new[] { 1e3 });
    }

    private static AssimilationProblem<ProductDecay> ProductProblem()
    {
        int[] times = Enumerable.Range(0, 201).ToArray();
        var observations = new Observations(new[] { 0 }, times, new double[times.Length]);
        return new AssimilationProblem<ProductDecay>(200, 0.01, Discretization.Trapezoid, observations, new[] { 100.0 },
            new[] { -1e3 }, new[] { 1e3 }, new[] { -1e3, -1e3 }, new[] { 1e3, 1e3 });
    }
}
