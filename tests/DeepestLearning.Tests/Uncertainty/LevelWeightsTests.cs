using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using MathNet.Numerics.LinearAlgebra;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Uncertainty;

/// <summary>
/// Weights of action levels and the model evidence (<see cref="LevelWeights"/>): against closed forms on the
/// linear-Gaussian model of <see cref="PathMarginalsTests"/>, and by symmetry on Lorenz63 observed in z alone,
/// whose action does not change when x and y change sign.
/// </summary>
public class LevelWeightsTests
{
    private const int D = PathMarginalsTests.D, P = PathMarginalsTests.P, Steps = PathMarginalsTests.Steps;

    /// <summary>
    /// The evidence of the linear model in the strong-constraint limit is a Gaussian integral: with x(n) = S_n u for
    /// u = (p, x₀), ∫ e^(−½ Σ R_m (y − S u)²) du = e^(−A*) (2π)^(m/2) det(F)^(−½), F = Σ R_m S_cᵀ S_c and A* the least-squares
    /// misfit, here solved densely from the transition matrices; the normalization Π (R_m/2π)^½ and the uniform prior
    /// over the bounds (1/200³ for x₀, 1/20² for p) complete log p(Y). The library's value, at the least-squares path and
    /// R_f = 1e14 (where the weak-constraint Hessian is too ill-conditioned, so the strong one also gives the weight), agrees to 1e-9.
    /// </summary>
    [Fact]
    public void TheStrongConstraintEvidenceOfALinearModelIsTheGaussianIntegral()
    {
        AssimilationProblem<LinearGaussian> problem = PathMarginalsTests.Problem(Discretization.RungeKutta4);
        (Matrix<double> covariance, Func<int, Matrix<double>> sensitivity) = PathMarginalsTests.StrongConstraintClosedForm(problem);
        Matrix<double> information = covariance.Inverse();
        Observations obs = problem.Observations;
        (double[] path, Vector<double> u) = LeastSquaresPath(problem);
        int measured = obs.Times.Length * obs.Components.Length;
        double misfit = 0;
        for (int t = 0; t < obs.Times.Length; t++)
            for (int c = 0; c < obs.Components.Length; c++)
            {
                double r = obs[t, c] - sensitivity(obs.Times[t]).Row(obs.Components[c]) * u;
                misfit += 0.5 * PathMarginalsTests.Rm * r * r;
            }
        double expected = -misfit + 0.5 * (P + D) * Math.Log(2 * Math.PI) - 0.5 * information.LU().Determinant.Let(Math.Log)
            + 0.5 * measured * Math.Log(PathMarginalsTests.Rm / (2 * Math.PI)) - D * Math.Log(200) - P * Math.Log(20);

        LevelWeights weights = LevelWeights.Compute(problem, new[] { path }, new[] { 1e14, 1e14, 1e14 });

        Assert.Equal(MarginalFormulation.StrongConstraint, weights.Formulation);
        Assert.Contains("strong-constraint", weights.Explanation);
        Assert.Single(weights.Levels);
        Assert.Null(weights.Gap);
        Assert.Equal(1.0, weights.LowestLevelWeight);
        Assert.True(Math.Abs(weights.Levels[0].Action - misfit) <= 1e-9 * misfit, $"action {weights.Levels[0].Action:G17}, least-squares misfit {misfit:G17}");
        Assert.True(Math.Abs(weights.LogEvidence - expected) <= 1e-9 * Math.Abs(expected), $"log evidence {weights.LogEvidence:G17} against {expected:G17}");
        Assert.Contains("uniform prior", weights.EvidenceExplanation);
    }

    /// <summary>
    /// At a moderate R_f the weak-constraint Hessian is used: its log det equals the dense one of the normal equations
    /// written from the action's definition, one path on one level has weight 1, and ⟨x⟩ is that path.
    /// </summary>
    [Fact]
    public void TheWeakConstraintLogDeterminantIsTheDenseOne()
    {
        AssimilationProblem<LinearGaussian> problem = PathMarginalsTests.Problem(Discretization.Trapezoid);
        double[] rf = { 30.0, 80.0, 50.0 };
        (Matrix<double> h, Vector<double> b) = PathMarginalsTests.TrapezoidNormalEquations(problem, rf);
        double[] mean = h.Solve(b).ToArray();
        double expected = h.LU().Determinant.Let(Math.Log);

        LevelWeights weights = LevelWeights.Compute(problem, new[] { mean, (double[])mean.Clone() }, rf);
        Assert.Equal(MarginalFormulation.WeakConstraint, weights.Formulation);
        ActionLevelWeight level = Assert.Single(weights.Levels);
        Assert.Equal(new[] { 0, 1 }, level.Starts.OrderBy(s => s));
        Assert.True(Math.Abs(level.LogDeterminant - expected) <= 1e-10 * Math.Abs(expected), $"log det {level.LogDeterminant:G17} against {expected:G17}");
        Assert.Equal(1.0, level.Weight);
        Assert.Equal(mean.AsSpan(0, (Steps + 1) * D).ToArray(), weights.MeanStates.ToArray());
        Assert.True(double.IsFinite(weights.LogEvidence)); // the strong-constraint evidence is formed whatever gave the weights
    }

    /// <summary>
    /// Lorenz63 observed in z alone cannot tell (x, y) from (−x, −y): a path and its mirror image are two levels of
    /// equal action and equal curvature with a barrier between them (x = y = 0 at their midpoint), so they are two
    /// levels of weight ½ each, and ⟨x⟩ = ⟨y⟩ = 0 exactly while ⟨z⟩ is z.
    /// </summary>
    [Fact]
    public void AMirrorSymmetricPairOfLevelsSharesTheMassEqually()
    {
        const int steps = 100;
        const double dt = 0.01;
        double[] truth = TwinExperiment.Integrate<Lorenz63>(new[] { -5.0, -6.0, 20.0 }, new[] { 10.0, 28.0, 8.0 / 3.0 }, dt, steps);
        Observations observations = TwinExperiment.Observe(truth, 3, steps, new[] { 2 }, 1, 0.5, new Random(11));
        var problem = new AssimilationProblem<Lorenz63>(steps, dt, Discretization.Trapezoid, observations, new[] { 4.0 },
            new[] { -40.0, -40.0, 0.0 }, new[] { 40.0, 40.0, 60.0 }, new[] { 5.0, 20.0, 1.0 }, new[] { 15.0, 35.0, 4.0 });
        var path = new double[problem.VariableCount];
        problem.Pack(truth, new[] { 10.0, 28.0, 8.0 / 3.0 }, path);
        double[] mirror = (double[])path.Clone();
        for (int n = 0; n <= steps; n++) { mirror[n * 3] = -mirror[n * 3]; mirror[n * 3 + 1] = -mirror[n * 3 + 1]; }
        double[] rf = { 20.0, 20.0, 20.0 };

        LevelWeights pair = LevelWeights.Compute(problem, new[] { path, mirror }, rf);
        Assert.Equal(MarginalFormulation.WeakConstraint, pair.Formulation);
        Assert.Equal(2, pair.Levels.Count); // equal actions, but a barrier between them: two minima
        Assert.Equal(pair.Levels[0].Action, pair.Levels[1].Action);
        Assert.Equal(pair.Levels[0].LogDeterminant, pair.Levels[1].LogDeterminant);
        Assert.Equal(pair.Levels[0].Weight, pair.Levels[1].Weight);
        Assert.True(Math.Abs(pair.Levels[0].Weight - 0.5) <= 1e-12, $"weight {pair.Levels[0].Weight:G17}"); // ½ up to the exp/log of the normalization
        for (int n = 0; n <= steps; n++)
        {
            Assert.Equal(0.0, pair.MeanStates[n * 3]);
            Assert.Equal(0.0, pair.MeanStates[n * 3 + 1]);
            Assert.True(Math.Abs(pair.MeanStates[n * 3 + 2] - truth[n * 3 + 2]) <= 1e-12 * Math.Abs(truth[n * 3 + 2]));
        }
    }

    /// <summary>
    /// The evidence compares models on the same data: for data made with noise σ = 0.5 (R_m = 4), the evidence of the
    /// assumed noise levels σ = 0.25, 0.5, 1 peaks at the true one, each by several units of log evidence. Only the
    /// normalization and the measurement term depend on the assumed R_m (the least-squares path does not), so a
    /// wrong normalization would move the peak.
    /// </summary>
    [Fact]
    public void TheEvidencePrefersTheTrueNoiseLevel()
    {
        AssimilationProblem<LinearGaussian> truthProblem = PathMarginalsTests.Problem(Discretization.RungeKutta4);
        double[] path = LeastSquaresPath(truthProblem).Path;
        double Evidence(double rm)
        {
            var problem = new AssimilationProblem<LinearGaussian>(Steps, PathMarginalsTests.Dt, Discretization.RungeKutta4, truthProblem.Observations,
                new[] { rm, rm }, Enumerable.Repeat(-100.0, D).ToArray(), Enumerable.Repeat(100.0, D).ToArray(), new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 });
            return LevelWeights.Compute(problem, new[] { path }, new[] { 1e14, 1e14, 1e14 }).LogEvidence;
        }
        double tooSmall = Evidence(16), right = Evidence(4), tooLarge = Evidence(1);
        Assert.True(right > tooSmall + 3 && right > tooLarge + 3, $"log evidence: σ = 0.25 {tooSmall:F2}, σ = 0.5 {right:F2}, σ = 1 {tooLarge:F2}");
    }

    /// <summary>The strong-constraint least-squares path of the linear model (the same for any R_m) and its u = (p, x₀).</summary>
    private static (double[] Path, Vector<double> U) LeastSquaresPath(AssimilationProblem<LinearGaussian> problem)
    {
        (Matrix<double> covariance, Func<int, Matrix<double>> sensitivity) = PathMarginalsTests.StrongConstraintClosedForm(problem);
        Observations obs = problem.Observations;
        Vector<double> rhs = Vector<double>.Build.Dense(P + D);
        for (int t = 0; t < obs.Times.Length; t++)
            for (int c = 0; c < obs.Components.Length; c++) rhs += PathMarginalsTests.Rm * obs[t, c] * sensitivity(obs.Times[t]).Row(obs.Components[c]);
        Vector<double> u = covariance * rhs;
        double[] states = TwinExperiment.Integrate<LinearGaussian>(u.SubVector(P, D).ToArray(), u.SubVector(0, P).ToArray(), PathMarginalsTests.Dt, Steps);
        var path = new double[problem.VariableCount];
        problem.Pack(states, u.SubVector(0, P).ToArray(), path);
        return (path, u);
    }

    [Fact]
    public void BadArgumentsAreRefusedByName()
    {
        AssimilationProblem<LinearGaussian> problem = PathMarginalsTests.Problem(Discretization.RungeKutta4);
        double[] path = PathMarginalsTests.StrongConstraintPath(problem);
        double[] rf = { 1.0, 1.0, 1.0 };
        Assert.Equal("paths", Assert.Throws<ArgumentException>(() => LevelWeights.Compute(problem, Array.Empty<double[]>(), rf)).ParamName);
        Assert.Equal("paths", Assert.Throws<ArgumentException>(() => LevelWeights.Compute(problem, new[] { path[1..] }, rf)).ParamName);
        double[] bad = (double[])path.Clone();
        bad[3] = double.NaN;
        Assert.Equal("paths", Assert.Throws<ArgumentException>(() => LevelWeights.Compute(problem, new[] { bad }, rf)).ParamName);
        Assert.Equal("modelPrecision", Assert.Throws<ArgumentException>(() => LevelWeights.Compute(problem, new[] { path }, new[] { 1.0, -1, 1 })).ParamName);
        Assert.Equal("problem", Assert.Throws<ArgumentNullException>(() => LevelWeights.Compute<LinearGaussian>(null!, new[] { path }, rf)).ParamName);
    }
}

internal static class Functional
{
    /// <summary>Applies <paramref name="f"/> to a value, for reading a formula left to right.</summary>
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
