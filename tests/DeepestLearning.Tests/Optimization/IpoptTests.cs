using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;
using Xunit.Abstractions;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Optimization;

/// <summary>
/// IPOPT through its C interface reaches the same minima as trust-region Newton. These tests need
/// libipopt.so.1 (.ci/run installs coinor-libipopt1v5); without it they fail with the install hint.
/// </summary>
public class IpoptTests(ITestOutputHelper output)
{
    private void SameMinimumAsNewton<TModel>(AssimilationProblem<TModel> problem, double[] start, double[] rf, string name) where TModel : IDynamicalModel<TModel>
    {
        (ActionFunction<TModel> action, double[] lower, double[] upper) = NearbyStartProblems.Prepare(problem, rf);

        double[] x = (double[])start.Clone();
        MinimizerResult newton = new TrustRegionNewton(action, new TrustRegionNewtonOptions { ProjectedGradientTolerance = 1e-10, RelativeReductionTolerance = 0 }).Minimize(x, lower, upper);
        var ipopt = new IpoptMinimizer(action, new IpoptOptions { Tolerance = 1e-10, MaxIterations = 500 });
        double[] y = (double[])start.Clone();
        MinimizerResult interior = ipopt.Minimize(y, lower, upper);
        output.WriteLine($"{name}: Newton A = {newton.Value:R} ({newton.Iterations} it), IPOPT A = {interior.Value:R} ({interior.Iterations} it, {interior.Evaluations} f, {interior.HessianEvaluations} H, {ipopt.LastStatus}, |pg| {interior.ProjectedGradientNorm:E2})");

        Assert.Equal(ExitReason.SolverConverged, interior.Exit);
        Assert.True(Math.Abs(interior.Value - newton.Value) <= 1e-8 * Math.Abs(newton.Value), $"IPOPT {interior.Value:R} vs Newton {newton.Value:R}");
        Assert.True(interior.HessianEvaluations > 0);
    }

    [Fact]
    public void Lorenz96SameMinimumAsNewton()
    {
        (AssimilationProblem<Lorenz96D10> problem, double[] start, double[] rf, string name) = NearbyStartProblems.Lorenz96();
        SameMinimumAsNewton(problem, start, rf, name);
    }

    [Fact]
    public void NeuronSameMinimumAsNewton()
    {
        (AssimilationProblem<NaKLNeuron> problem, double[] start, double[] rf, string name) = NearbyStartProblems.Neuron();
        SameMinimumAsNewton(problem, start, rf, name);
    }

    [Fact]
    public void RejectsAnObjectiveWithoutHessianAndAnUnknownOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new IpoptOptions().Create(new FirstOrder()));
        Assert.Equal("objective", error.ParamName);
        (AssimilationProblem<Lorenz96D10> problem, double[] start, _, _) = NearbyStartProblems.Lorenz96();
        (ActionFunction<Lorenz96D10> action, double[] lower, double[] upper) = NearbyStartProblems.Prepare(problem);
        var bad = new IpoptMinimizer(action, new IpoptOptions { Extra = new System.Collections.Generic.Dictionary<string, object> { ["no_such_option"] = 1 } });
        var optionError = Assert.Throws<ArgumentException>(() => bad.Minimize(start, lower, upper));
        Assert.Contains("no_such_option", optionError.Message);
    }

    private sealed class FirstOrder : IObjective
    {
        public int Dimension => 1;
        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient) => 0;
    }
}
