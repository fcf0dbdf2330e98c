using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace DeepestLearning.Tests.Uncertainty;

/// <summary>
/// Laplace marginals on a linear-Gaussian state-space model (<see cref="LinearGaussian"/>), where the
/// posterior is Gaussian and known in closed form: the weak-constraint posterior from a dense solve of
/// the normal equations written out from the definition of the action, the strong-constraint posterior
/// from the RK4 transition matrices. Agreement to 1e-8 relative.
/// </summary>
public class PathMarginalsTests
{
    internal const int D = 3, P = 2, Steps = 40;
    internal const double Dt = 0.1, Rm = 4.0;
    private static readonly int[] Observed = { 0, 2 };

    private static readonly Matrix<double> A = Matrix<double>.Build.DenseOfArray(new[,] { { 0, 1, 0 }, { -1, -0.3, 0 }, { 0.5, 0, -0.2 } });
    private static readonly Matrix<double> B = Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 0 }, { 1, 0 }, { 0, 1 } });

    /// <summary>Twin data from the RK4 truth, components 0 and 2 observed at every second grid point (σ = 0.5); both forcings estimated.</summary>
    internal static AssimilationProblem<LinearGaussian> Problem(Discretization discretization)
    {
        double[] truth = TwinExperiment.Integrate<LinearGaussian>(new[] { 1.0, 0.0, -0.5 }, new[] { 0.4, -0.3 }, Dt, Steps);
        Observations observations = TwinExperiment.Observe(truth, D, Steps, Observed, 2, 0.5, new Random(3));
        return new AssimilationProblem<LinearGaussian>(Steps, Dt, discretization, observations, new[] { Rm, Rm },
            Enumerable.Repeat(-100.0, D).ToArray(), Enumerable.Repeat(100.0, D).ToArray(), new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 });
    }

    /// <summary>
    /// The weak-constraint trapezoid action ½Σ R_m (x − y)² + ½Σ R_f r², r(n) = x(n+1) − x(n) − Δt/2 (F(n) + F(n+1)),
    /// F = A x + B p, written as ½ zᵀ H z − bᵀ z + c from its definition (not from the library's Hessian).
    /// </summary>
    internal static (Matrix<double> H, Vector<double> B) TrapezoidNormalEquations(AssimilationProblem<LinearGaussian> problem, double[] rf)
    {
        int n = problem.VariableCount, parameters = problem.ParameterOffset;
        Matrix<double> g = Matrix<double>.Build.Dense(Steps * D, n);
        for (int step = 0; step < Steps; step++)
            for (int a = 0; a < D; a++)
            {
                int row = step * D + a;
                for (int b = 0; b < D; b++)
                {
                    g[row, step * D + b] = (a == b ? -1 : 0) - Dt / 2 * A[a, b];
                    g[row, (step + 1) * D + b] = (a == b ? 1 : 0) - Dt / 2 * A[a, b];
                }
                for (int r = 0; r < P; r++) g[row, parameters + r] = -Dt * B[a, r];
            }
        Matrix<double> weights = Matrix<double>.Build.Diagonal(Steps * D, Steps * D, i => rf[i % D]);
        Matrix<double> h = g.Transpose() * weights * g;
        Vector<double> rhs = Vector<double>.Build.Dense(n);
        Observations obs = problem.Observations;
        for (int t = 0; t < obs.Times.Length; t++)
            for (int c = 0; c < obs.Components.Length; c++)
            {
                int index = obs.Times[t] * D + obs.Components[c];
                h[index, index] += Rm;
                rhs[index] += Rm * obs[t, c];
            }
        return (h, rhs);
    }

    [Fact]
    public void WeakConstraintMarginalsEqualTheExactGaussianPosterior()
    {
        AssimilationProblem<LinearGaussian> problem = Problem(Discretization.Trapezoid);
        double[] rf = { 30.0, 80.0, 50.0 };
        (Matrix<double> h, Vector<double> b) = TrapezoidNormalEquations(problem, rf);
        Vector<double> mean = h.Solve(b);
        Matrix<double> covariance = h.Inverse();

        // The closed form is the library's action: its gradient vanishes at the dense solution.
        var action = new ActionFunction<LinearGaussian>(problem);
        action.SetModelPrecision(rf);
        var gradient = new double[problem.VariableCount];
        action.Evaluate(mean.ToArray(), gradient);
        double gradientScale = b.AbsoluteMaximum();
        Assert.True(gradient.Max(Math.Abs) <= 1e-10 * gradientScale, $"gradient at the closed-form mean {gradient.Max(Math.Abs):E2}");

        PathMarginals marginals = PathMarginals.Compute(problem, mean.ToArray(), rf);
        Assert.Equal(MarginalFormulation.WeakConstraint, marginals.Formulation);
        Assert.Equal(rf, marginals.ModelPrecision);
        double worst = 0;
        for (int n = 0; n <= Steps; n++)
            for (int a = 0; a < D; a++)
            {
                double exact = covariance[n * D + a, n * D + a];
                worst = Math.Max(worst, Math.Abs(marginals.StateVariance[n * D + a] - exact) / exact);
            }
        Assert.True(worst <= 1e-8, $"state variances: worst relative error {worst:E2}");
        Assert.Equal(Math.Sqrt(marginals.StateVariance[7 * D + 1]), marginals.StateStd(7, 1));
        AssertParameterCovariance(marginals, i => covariance[problem.ParameterOffset + i / P, problem.ParameterOffset + i % P]);
    }

    /// <summary>
    /// At R_f = 1e14 the weak-constraint Hessian is too ill-conditioned and the strong-constraint covariance
    /// replaces it: it equals the closed form from the RK4 transition matrices, x(n) = Mⁿ x₀ + Σ Mʲ Q p.
    /// </summary>
    [Fact]
    public void IllConditionedHessianFallsBackToTheExactStrongConstraintPosterior()
    {
        AssimilationProblem<LinearGaussian> problem = Problem(Discretization.RungeKutta4);
        double[] path = StrongConstraintPath(problem);
        PathMarginals marginals = PathMarginals.Compute(problem, path, new[] { 1e14, 1e14, 1e14 });
        Assert.Equal(MarginalFormulation.StrongConstraint, marginals.Formulation);
        Assert.Equal("strongConstraint", marginals.FormulationName);
        Assert.True(marginals.SmallestScaledPivot < 1e-8 || double.IsNaN(marginals.SmallestScaledPivot), marginals.Explanation);
        Assert.Contains("strong-constraint", marginals.Explanation);

        (Matrix<double> covariance, Func<int, Matrix<double>> sensitivity) = StrongConstraintClosedForm(problem);
        double worst = 0;
        for (int n = 0; n <= Steps; n++)
        {
            Matrix<double> s = sensitivity(n);
            Matrix<double> states = s * covariance * s.Transpose();
            for (int a = 0; a < D; a++) worst = Math.Max(worst, Math.Abs(marginals.StateVariance[n * D + a] - states[a, a]) / states[a, a]);
        }
        Assert.True(worst <= 1e-8, $"state variances: worst relative error {worst:E2}");
        AssertParameterCovariance(marginals, i => covariance[i / P, i % P]);
    }

    /// <summary>
    /// The fallback is the limit of the weak-constraint posterior: with the RK4 discretization its
    /// variances approach the strong-constraint ones as 1/R_f (a hundredfold larger R_f, a hundredfold closer).
    /// </summary>
    [Fact]
    public void WeakConstraintPosteriorConvergesToTheStrongConstraintOne()
    {
        AssimilationProblem<LinearGaussian> problem = Problem(Discretization.RungeKutta4);
        double[] path = StrongConstraintPath(problem);
        (Matrix<double> covariance, Func<int, Matrix<double>> sensitivity) = StrongConstraintClosedForm(problem);
        double Distance(double rf)
        {
            PathMarginals weak = PathMarginals.Compute(problem, path, new[] { rf, rf, rf });
            Assert.Equal(MarginalFormulation.WeakConstraint, weak.Formulation);
            double worst = 0;
            for (int n = 0; n <= Steps; n++)
            {
                Matrix<double> s = sensitivity(n);
                Matrix<double> states = s * covariance * s.Transpose();
                for (int a = 0; a < D; a++) worst = Math.Max(worst, Math.Abs(weak.StateVariance[n * D + a] - states[a, a]) / states[a, a]);
            }
            return worst;
        }
        double loose = Distance(1e5), tight = Distance(1e7);
        Assert.True(loose < 0.05, $"R_f = 1e5: {loose:E2}");
        double ratio = loose / tight;
        Assert.True(ratio > 50 && ratio < 200, $"R_f 1e5 → 1e7 shrank the difference {ratio:F1}× ({loose:E2} → {tight:E2}), not ~100×");
    }

    /// <summary>
    /// An annealing whose last level (R_f = 0.04·2⁴⁵ ≈ 1.4e12, smallest scaled pivot ≈ 5e-11) is too ill-conditioned: the marginals of the run
    /// use the strong-constraint limit; with that disallowed, the highest level whose Hessian passes, which is
    /// exactly the weak-constraint result at that level's R_f, one level up does not pass, and its bands are
    /// wider than the limit's (the Hessian grows with R_f, so the covariance shrinks towards the limit).
    /// </summary>
    [Fact]
    public void AnIllConditionedLastLevelFallsBackToTheLimitOrToTheHighestUsableLevel()
    {
        AssimilationProblem<LinearGaussian> problem = Problem(Discretization.RungeKutta4);
        double[] rf0 = { 0.04, 0.04, 0.04 };
        AnnealingResult<LinearGaussian> result = PrecisionAnnealing.Run(problem, new AnnealingOptions
        {
            Rf0 = rf0, Alpha = 2, BetaMax = 45, StopAtPlateau = false, Paths = 1, Verdict = false,
        });
        Assert.Equal(45, result.Levels[^1].Beta);

        PathMarginals limit = PathMarginals.Compute(result);
        Assert.Equal(MarginalFormulation.StrongConstraint, limit.Formulation);

        var strict = new PathMarginalsOptions { AllowStrongConstraint = false };
        PathMarginals lower = PathMarginals.Compute(result, strict);
        Assert.Equal(MarginalFormulation.LowerPrecision, lower.Formulation);
        int beta = (int)Math.Round(Math.Log2(lower.ModelPrecision[0] / rf0[0]));
        Assert.InRange(beta, 1, 44);
        Assert.Contains($"β = {beta}", lower.Explanation);
        double[] Level(int b) => rf0.Select(r => r * Math.Pow(2, b)).ToArray();
        Assert.Equal(MarginalFormulation.None, PathMarginals.Compute(problem, result.Best, Level(beta + 1), strict).Formulation);
        PathMarginals direct = PathMarginals.Compute(problem, result.Best, Level(beta), strict);
        Assert.Equal(MarginalFormulation.WeakConstraint, direct.Formulation);
        Assert.Equal(direct.StateVariance.ToArray(), lower.StateVariance.ToArray());
        // Exact arithmetic gives ≥; the accepted Hessian's round-off is about 3e-14 / pivot ≤ 3e-6 relative (the default pivot threshold 1e-8).
        for (int i = 0; i < limit.StateVariance.Length; i++)
            Assert.True(lower.StateVariance[i] >= limit.StateVariance[i] * (1 - 1e-5), $"variance {i}: level {lower.StateVariance[i]:G8} < limit {limit.StateVariance[i]:G8}");
    }

    /// <summary>A Hessian too costly to form (here: a zero budget) is skipped, not built, and the limit takes over with the reason given.</summary>
    [Fact]
    public void AHessianBeyondTheWorkLimitIsNotFormed()
    {
        AssimilationProblem<LinearGaussian> problem = Problem(Discretization.RungeKutta4);
        double[] path = StrongConstraintPath(problem);
        PathMarginals marginals = PathMarginals.Compute(problem, path, new[] { 30.0, 30, 30 }, new PathMarginalsOptions { WeakConstraintWorkLimit = 0 });
        Assert.Equal(MarginalFormulation.StrongConstraint, marginals.Formulation);
        Assert.Contains("was not formed", marginals.Explanation);
        Assert.True(double.IsNaN(marginals.SmallestScaledPivot));
        PathMarginals none = PathMarginals.Compute(problem, path, new[] { 30.0, 30, 30 }, new PathMarginalsOptions { WeakConstraintWorkLimit = 0, StrongConstraintWorkLimit = 0 });
        Assert.Equal(MarginalFormulation.None, none.Formulation);
        Assert.Contains("would cost", none.Explanation);
    }

    [Fact]
    public void WithoutAnyUsableFormulationTheSpreadsAreNaNAndSaySo()
    {
        AssimilationProblem<LinearGaussian> problem = Problem(Discretization.RungeKutta4);
        double[] path = StrongConstraintPath(problem);
        PathMarginals marginals = PathMarginals.Compute(problem, path, new[] { 1e14, 1e14, 1e14 }, new PathMarginalsOptions { AllowStrongConstraint = false });
        Assert.Equal(MarginalFormulation.None, marginals.Formulation);
        Assert.True(double.IsNaN(marginals.StateStd(3, 0)));
        Assert.All(marginals.ParameterStd(), s => Assert.True(double.IsNaN(s)));
        Assert.Contains("not allowed", marginals.Explanation);

        Assert.Equal("packed", Assert.Throws<ArgumentException>(() => PathMarginals.Compute(problem, path[1..], new[] { 1.0, 1, 1 })).ParamName);
        Assert.Equal("modelPrecision", Assert.Throws<ArgumentException>(() => PathMarginals.Compute(problem, path, new[] { 1.0, 1 })).ParamName);
        Assert.Equal("modelPrecision", Assert.Throws<ArgumentException>(() => PathMarginals.Compute(problem, path, new[] { 1.0, double.NaN, 1 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => PathMarginals.Compute(problem, path, new[] { 1.0, 1, 1 }, new PathMarginalsOptions { MinimumScaledPivot = 0 })).ParamName);
    }

    /// <summary>
    /// A missing value is no measurement in the strong-constraint limit either: the problem observed at every grid point
    /// with the odd rows missing has exactly the bands of the one observed at the even rows only. (The limit used to
    /// give every row of the table its column's precision, so missing rows counted as data and narrowed the bands.)
    /// </summary>
    [Fact]
    public void MissingValuesAddNoInformationToTheStrongConstraintLimit()
    {
        AssimilationProblem<LinearGaussian> everySecond = Problem(Discretization.RungeKutta4);
        Observations observed = everySecond.Observations;
        int columns = Observed.Length;
        var values = new double[(Steps + 1) * columns];
        Array.Fill(values, double.NaN);
        for (int t = 0; t < observed.Times.Length; t++)
            for (int c = 0; c < columns; c++) values[observed.Times[t] * columns + c] = observed[t, c];
        var withGaps = new AssimilationProblem<LinearGaussian>(Steps, Dt, Discretization.RungeKutta4,
            Observations.WithMissingAsNaN(Observed, Enumerable.Range(0, Steps + 1).ToArray(), values), new[] { Rm, Rm },
            Enumerable.Repeat(-100.0, D).ToArray(), Enumerable.Repeat(100.0, D).ToArray(), new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 });

        double[] path = StrongConstraintPath(everySecond);
        double[] rf = { 1e14, 1e14, 1e14 };
        PathMarginals expected = PathMarginals.Compute(everySecond, path, rf), actual = PathMarginals.Compute(withGaps, path, rf);
        Assert.Equal(MarginalFormulation.StrongConstraint, actual.Formulation);
        for (int i = 0; i < expected.StateVariance.Length; i++)
            Assert.True(Math.Abs(actual.StateVariance[i] - expected.StateVariance[i]) <= 1e-12 * expected.StateVariance[i],
                $"variance {i}: {actual.StateVariance[i]:G17} with gaps, {expected.StateVariance[i]:G17} without those rows");
        for (int i = 0; i < P * P; i++)
            Assert.True(Math.Abs(actual.ParameterCovariance[i] - expected.ParameterCovariance[i]) <= 1e-12 * Math.Abs(expected.ParameterCovariance[i]) + 1e-300,
                $"parameter covariance {i}");
    }

    private static void AssertParameterCovariance(PathMarginals marginals, Func<int, double> exact)
    {
        double worst = 0;
        for (int i = 0; i < P * P; i++)
        {
            int r = i / P, c = i % P;
            double scale = Math.Sqrt(exact(r * P + r) * exact(c * P + c));
            worst = Math.Max(worst, Math.Abs(marginals.ParameterCovariance[i] - exact(i)) / scale);
        }
        Assert.True(worst <= 1e-8, $"parameter covariance: worst relative error {worst:E2}");
        double[] std = marginals.ParameterStd();
        for (int r = 0; r < P; r++) Assert.Equal(Math.Sqrt(marginals.ParameterCovariance[r * P + r]), std[r]);
    }

    /// <summary>A path of the model itself (any path would do for a linear model, whose Hessian is constant).</summary>
    internal static double[] StrongConstraintPath(AssimilationProblem<LinearGaussian> problem)
    {
        double[] states = TwinExperiment.Integrate<LinearGaussian>(new[] { 0.9, 0.1, -0.4 }, new[] { 0.35, -0.25 }, Dt, Steps);
        var packed = new double[problem.VariableCount];
        problem.Pack(states, new[] { 0.35, -0.25 }, packed);
        return packed;
    }

    /// <summary>
    /// RK4 on x' = A x + B p is x(n+1) = M x(n) + Q p with M = Σ_{j≤4} (ΔtA)ʲ/j! and
    /// Q = Δt (I + ΔtA/2 + (ΔtA)²/6 + (ΔtA)³/24) B; the sensitivities to u = (p, x₀) are S_n = [Σ_{j&lt;n} Mʲ Q | Mⁿ];
    /// the covariance of u is (Σ R_m S_n,cᵀ S_n,c)⁻¹ over the measurements.
    /// </summary>
    internal static (Matrix<double> Covariance, Func<int, Matrix<double>> Sensitivity) StrongConstraintClosedForm(AssimilationProblem<LinearGaussian> problem)
    {
        Matrix<double> identity = Matrix<double>.Build.DenseIdentity(D), h = Dt * A;
        Matrix<double> m = identity + h + h * h / 2 + h * h * h / 6 + h * h * h * h / 24;
        Matrix<double> q = Dt * (identity + h / 2 + h * h / 6 + h * h * h / 24) * B;
        var sensitivities = new Matrix<double>[Steps + 1];
        sensitivities[0] = Matrix<double>.Build.Dense(D, P).Append(identity);
        for (int n = 0; n < Steps; n++) sensitivities[n + 1] = m * sensitivities[n] + q.Append(Matrix<double>.Build.Dense(D, D));
        Matrix<double> information = Matrix<double>.Build.Dense(P + D, P + D);
        Observations obs = problem.Observations;
        for (int t = 0; t < obs.Times.Length; t++)
            foreach (int c in obs.Components)
            {
                Vector<double> s = sensitivities[obs.Times[t]].Row(c);
                information += Rm * s.OuterProduct(s);
            }
        return (information.Inverse(), n => sensitivities[n]);
    }
}
