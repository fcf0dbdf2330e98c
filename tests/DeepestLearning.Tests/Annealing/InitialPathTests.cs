using System;
using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;
using Xunit.Abstractions;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Annealing;

/// <summary>
/// Initial paths the user gives (<see cref="AnnealingOptions.InitialPaths"/>): they are the starts, projected onto the
/// box; the other starts are built as before; a previous run's final paths restart it where it ended; bad paths are
/// refused naming the options; and a checkpoint of a run with other initial paths is not resumed.
/// </summary>
public class InitialPathTests(ITestOutputHelper output)
{
    private static readonly int[] Observed = { 0, 1, 3, 5, 6, 8 };

    /// <summary>Zero minimizer iterations and no retries: each start's final path at β = 0 is its initial path.</summary>
    private static AnnealingOptions StartsOnly(IReadOnlyList<double[]?>? given) => new()
    {
        Paths = 3, BetaMax = 0, Threads = 1, Starts = StartKind.Uniform, AdaptiveSteps = false, Verdict = false,
        Minimizer = new LbfgsBOptions { MaxIterations = 0 }, InitialPaths = given,
    };

    private static double[] TruePath(AssimilationProblem<Lorenz96D10> problem)
    {
        var random = new Random(11); // TwinProblems.Lorenz96's truth
        double[] x0 = TwinExperiment.SpinUp<Lorenz96D10>(Enumerable.Range(0, 10).Select(_ => 8.17 + random.NextDouble() - 0.5).ToArray(), new[] { 8.17 }, 0.025, 2000);
        double[] truth = TwinExperiment.Integrate<Lorenz96D10>(x0, new[] { 8.17 }, 0.025, problem.Steps);
        return problem.Pack(truth, new[] { 8.17 });
    }

    [Fact]
    public void GivenPathsAreTheStartsProjectedOntoTheBox()
    {
        AssimilationProblem<Lorenz96D10> problem = TwinProblems.Lorenz96(Observed);
        double[] given = TruePath(problem);
        given[37] = 18.5;                          // 3.5 above the state bound 15
        given[problem.ParameterOffset] = -2;       // F below its bound 0
        Assert.Equal((2, 3.5), StartPaths.OutsideBounds(problem, given));

        AnnealingOptions options = StartsOnly(new[] { null, given });
        AnnealingResult<Lorenz96D10> result = PrecisionAnnealing.Run(problem, options);

        double[] expected = (double[])given.Clone();
        expected[37] = 15;
        expected[problem.ParameterOffset] = 0;
        Assert.Equal(expected, result.FinalPaths[1]);
        Assert.Equal(18.5, given[37]); // the caller's path is left as it was

        // The other starts are the ones the run builds without any given path.
        var lower = new double[problem.VariableCount];
        var upper = new double[problem.VariableCount];
        problem.PackedBounds(lower, upper);
        AnnealingResult<Lorenz96D10> plain = PrecisionAnnealing.Run(problem, StartsOnly(null));
        Assert.Equal(plain.FinalPaths[0], result.FinalPaths[0]);
        Assert.Equal(plain.FinalPaths[2], result.FinalPaths[2]);
        Assert.Equal(PrecisionAnnealing.StartPath(problem, options, StartKind.Uniform, 2, lower, upper), result.FinalPaths[2]);
        Assert.NotEqual(plain.FinalPaths[1], result.FinalPaths[1]);
    }

    /// <summary>A given first path is the one automatic R_f0 is measured on (the run's R_f0 follows the user's start).</summary>
    [Fact]
    public void AutomaticPrecisionIsMeasuredOnAGivenFirstPath()
    {
        AssimilationProblem<Lorenz96D10> problem = TwinProblems.Lorenz96(Observed);
        double[] given = TruePath(problem);
        AnnealingResult<Lorenz96D10> result = PrecisionAnnealing.Run(problem, StartsOnly(new[] { given }) with { Starts = StartKind.Synchronized });
        Assert.Equal(AutomaticPrecision.ModelPrecision(problem, given, unobservedFollowData: true), result.Rf0);
        Assert.Equal(given, result.FinalPaths[0]);
    }

    /// <summary>
    /// A previous run's final paths, given back with R_f0 at the R_f it ended at, restart it where it ended: the first
    /// level's actions are the previous run's final ones, reached in a few iterations instead of a whole annealing.
    /// </summary>
    [Fact]
    public void APreviousRunsPathsRestartItWhereItEnded()
    {
        AssimilationProblem<Lorenz96D10> problem = TwinProblems.Lorenz96(Observed);
        var first = new AnnealingOptions { Paths = 2, Threads = 1, Alpha = 2, BetaMax = 25, Rf0 = Enumerable.Repeat(1e-3, 10).ToArray(), Verdict = false, StopAtPlateau = false };
        AnnealingResult<Lorenz96D10> before = PrecisionAnnealing.Run(problem, first);
        AnnealingLevel end = before.Levels[^1];

        var again = first with { BetaMax = 0, Rf0 = Enumerable.Repeat(end.Rf, 10).ToArray(), InitialPaths = before.FinalPaths };
        AnnealingResult<Lorenz96D10> restarted = PrecisionAnnealing.Run(problem, again);
        int iterationsBefore = before.Levels.Sum(l => l.Iterations.Sum()), iterationsAfter = restarted.Levels[0].Iterations.Sum();
        for (int k = 0; k < 2; k++)
        {
            double relative = Math.Abs(restarted.Levels[0].Actions[k] - end.Actions[k]) / end.Actions[k];
            output.WriteLine($"start {k}: action {end.Actions[k]:G10} before, {restarted.Levels[0].Actions[k]:G10} restarted ({relative:E1} relative)");
            Assert.True(relative < 1e-6, $"start {k}: {restarted.Levels[0].Actions[k]} after the restart, {end.Actions[k]} before");
        }
        output.WriteLine($"iterations: {iterationsBefore} for the whole annealing, {iterationsAfter} for the restart");
        Assert.True(iterationsAfter * 10 < iterationsBefore, $"{iterationsAfter} iterations to restart, {iterationsBefore} for the whole run");
    }

    [Fact]
    public void BadInitialPathsNameTheOptions()
    {
        AssimilationProblem<Lorenz96D10> problem = TwinProblems.Lorenz96(Observed);
        double[] good = TruePath(problem);
        void Expect(string fragment, IReadOnlyList<double[]?> given)
        {
            var error = Assert.Throws<ArgumentException>(() => PrecisionAnnealing.Run(problem, StartsOnly(given)));
            Assert.Equal("options", error.ParamName);
            Assert.Contains(fragment, error.Message);
        }
        int n = problem.VariableCount;
        Expect($"InitialPaths[1] has {n - 1} values; this problem's packed path has {n}", new[] { good, good[..^1] });
        double[] nan = (double[])good.Clone();
        nan[500] = double.NaN;
        Expect("InitialPaths[0][500] is NaN", new[] { nan });
        Expect("InitialPaths holds 4 paths but Paths = 3", new[] { good, good, good, good });
    }

    /// <summary>A given path reaches the start it names in whichever shard anneals it: two shards merged equal one run.</summary>
    [Fact]
    public void GivenPathsReachTheirStartsInShards()
    {
        AssimilationProblem<Lorenz96D10> problem = TwinProblems.Lorenz96(Observed);
        var options = new AnnealingOptions
        {
            Paths = 3, Threads = 1, Alpha = 2, BetaMax = 4, StopAtPlateau = false, Rf0 = Enumerable.Repeat(1.0, 10).ToArray(),
            InitialPaths = new[] { null, null, TruePath(problem) },
        };
        AnnealingResult<Lorenz96D10> whole = PrecisionAnnealing.Run(problem, options);
        AnnealingShardResult[] shards = { PrecisionAnnealing.RunShard(problem, options, new AnnealingShard(0, 2)), PrecisionAnnealing.RunShard(problem, options, new AnnealingShard(1, 2)) };
        AnnealingResult<Lorenz96D10> merged = PrecisionAnnealing.Merge(problem, options, shards);
        for (int b = 0; b < whole.Levels.Count; b++) AnnealingAssert.SameLevel(whole.Levels[b], merged.Levels[b]);
        for (int k = 0; k < options.Paths; k++) Assert.Equal(AnnealingAssert.Bits(whole.FinalPaths[k]), AnnealingAssert.Bits(merged.FinalPaths[k]));
        // …and it made a difference: without it, start 2 ends elsewhere.
        AnnealingResult<Lorenz96D10> built = PrecisionAnnealing.Run(problem, options with { InitialPaths = null });
        Assert.NotEqual(AnnealingAssert.Bits(built.FinalPaths[2]), AnnealingAssert.Bits(whole.FinalPaths[2]));
        Assert.Equal(AnnealingAssert.Bits(built.FinalPaths[0]), AnnealingAssert.Bits(whole.FinalPaths[0]));
    }

    /// <summary>The initial paths shape the result, so they are part of what a checkpoint is tied to.</summary>
    [Fact]
    public void ACheckpointOfOtherInitialPathsIsNotResumed()
    {
        AssimilationProblem<Lorenz96D10> problem = TwinProblems.Lorenz96(Observed);
        double[] given = TruePath(problem);
        AnnealingCheckpoint? saved = null;
        var options = new AnnealingOptions { Paths = 1, Threads = 1, BetaMax = 2, Verdict = false, InitialPaths = new[] { given }, Checkpoint = c => saved = c };
        PrecisionAnnealing.Run(problem, options);
        given[0] += 0.5;
        var error = Assert.Throws<ArgumentException>(() => PrecisionAnnealing.Run(problem, options with { Checkpoint = null, ResumeFrom = saved, InitialPaths = new[] { given } }));
        Assert.StartsWith("ResumeFrom", error.Message);
    }
}
