using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using MathNet.Numerics.LinearAlgebra;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Sampling;

/// <summary>
/// On a linear-Gaussian state-space model the action is exactly quadratic, so the posterior is N(H⁻¹b, H⁻¹) with H the
/// action's Hessian: here the mean and the covariance come from a dense solve and a dense inverse (MathNet), the variances
/// also from the Laplace marginals (exact here, and checked against the closed form in <c>PathMarginalsTests</c>).
/// </summary>
/// <remarks>
/// The error model: with ESS_i effective draws of component i, the Monte Carlo error of its mean is sd_i/√ESS_i and that of
/// its variance, estimated as the mean of (x − μ)², is Var_i·√(2/ESS_i²) with ESS_i² the effective sample size of (x − μ)²
/// itself (for a Gaussian Var((x − μ)²) = 2 Var²). Both are required within 4 such errors for every one of the 125
/// variables (41 grid points × 3 states and the 2 forcings), and the sample standard deviation within 4·√(1/(2 ESS²)) relative.
/// </remarks>
public class LinearGaussianPosteriorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(MassMatrixKind.Hessian, 500)]
    [InlineData(MassMatrixKind.Diagonal, 1500)]
    public void MeansAndVariancesMatchTheExactPosteriorWithinMonteCarloError(MassMatrixKind kind, int draws)
    {
        AssimilationProblem<LinearGaussian> problem = SamplingProblems.LinearGaussian(Discretization.Trapezoid);
        double[] rf = { 30.0, 80.0, 50.0 };
        int n = problem.VariableCount;

        // The exact posterior: H from the action's exact Hessian as a dense matrix; mean = x − H⁻¹∇A(x) from any x (one Newton step is exact).
        var hessian = new ActionHessian<LinearGaussian>(problem);
        hessian.SetModelPrecision(rf);
        var values = new double[hessian.Pattern.NonZeroCount];
        var origin = new double[n];
        hessian.Evaluate(origin, values);
        Matrix<double> h = Matrix<double>.Build.Dense(n, n);
        ReadOnlySpan<int> start = hessian.Pattern.RowStart, column = hessian.Pattern.ColumnIndex;
        for (int i = 0; i < n; i++)
            for (int k = start[i]; k < start[i + 1]; k++) h[i, column[k]] = h[column[k], i] = values[k];
        var action = new ActionFunction<LinearGaussian>(problem);
        action.SetModelPrecision(rf);
        var gradient = new double[n];
        action.Evaluate(origin, gradient);
        Vector<double> mean = -h.Solve(Vector<double>.Build.DenseOfArray(gradient));
        Matrix<double> covariance = h.Inverse();
        PathMarginals laplace = PathMarginals.Compute(problem, mean.ToArray(), rf);
        for (int i = 0; i < (problem.Steps + 1) * 3; i++)
            Assert.True(Math.Abs(laplace.StateVariance[i] / covariance[i, i] - 1) < 1e-8, "the Laplace marginals are the exact ones here");

        // Chains start at the mode (as from an annealing), dispersed by a Laplace draw.
        SamplingResult result = HamiltonianSampler.Sample(problem, new[] { mean.ToArray() }, rf,
            new HamiltonianSamplerOptions { Chains = 4, Warmup = 200, Draws = draws, Seed = 11, Mass = kind });

        double worstMean = 0, worstVariance = 0, worstStd = 0;
        for (int i = 0; i < n; i++)
        {
            double[] x = result.VariableDraws(i);
            double exactVariance = covariance[i, i], sd = Math.Sqrt(exactVariance);
            double essMean = result.EffectiveSampleSize[i];
            double[] squares = x.Select(v => (v - mean[i]) * (v - mean[i])).ToArray();
            double essSquare = ChainDiagnostics.EffectiveSampleSize(squares, result.Chains);
            double meanZ = Math.Abs(result.Mean[i] - mean[i]) / (sd / Math.Sqrt(essMean));
            double varianceZ = Math.Abs(squares.Average() - exactVariance) / (exactVariance * Math.Sqrt(2 / essSquare));
            double stdZ = Math.Abs(result.Std[i] / sd - 1) / Math.Sqrt(1 / (2 * essSquare));
            worstMean = Math.Max(worstMean, meanZ);
            worstVariance = Math.Max(worstVariance, varianceZ);
            worstStd = Math.Max(worstStd, stdZ);
            Assert.True(meanZ <= 4, $"variable {i}: mean {result.Mean[i]:G6} vs exact {mean[i]:G6}, {meanZ:F2} Monte Carlo errors (ESS {essMean:F0})");
            Assert.True(varianceZ <= 4, $"variable {i}: variance {squares.Average():G6} vs exact {exactVariance:G6}, {varianceZ:F2} Monte Carlo errors (ESS of (x − μ)² {essSquare:F0})");
            Assert.True(stdZ <= 4, $"variable {i}: sd {result.Std[i]:G6} vs exact {sd:G6}, {stdZ:F2} Monte Carlo errors");
        }
        Assert.True(result.MaxRhat < 1.05, $"R̂ up to {result.MaxRhat:F3}");
        Assert.True(result.MinEffectiveSampleSize > 100, $"ESS down to {result.MinEffectiveSampleSize:F0}");
        Assert.All(result.ChainSummaries, s => Assert.Equal(kind, s.Mass));
        Assert.InRange(result.AcceptanceRate, 0.6, 0.99);
        output.WriteLine($"{kind}: acceptance {result.AcceptanceRate:F3}, min ESS {result.MinEffectiveSampleSize:F0} of {result.Chains * result.DrawsPerChain}, max R̂ {result.MaxRhat:F4}, " +
            $"leapfrog steps {result.ChainSummaries.Average(s => s.MeanLeapfrogSteps):F1}, step {result.ChainSummaries[0].StepSize:G3}, gradients {result.GradientEvaluations}, {result.Elapsed.TotalSeconds:F2} s; " +
            $"worst |Δmean| {worstMean:F2}, |Δvar| {worstVariance:F2}, |Δsd| {worstStd:F2} Monte Carlo errors");
        output.WriteLine(result.ChainSummaries[0].MassExplanation);
        Assert.Equal(result.Mean[problem.ParameterOffset], result.ParameterMean()[0]);
        Assert.Equal(result.Chains * result.DrawsPerChain * 2, result.ParameterDraws().Length);
    }
}
