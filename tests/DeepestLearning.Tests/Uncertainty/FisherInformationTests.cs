using System;
using System.Linq;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Uncertainty;

/// <summary>
/// The Fisher information and Cramér–Rao bound: closed form for exponential decay, sensitivities
/// against differences of the integrated neuron, a non-identifiable product detected and named,
/// and the bound against the spread of actual annealing estimates over many noise draws.
/// </summary>
public class FisherInformationTests
{
    private static AssimilationProblem<TModel> Problem<TModel>(int steps, double dt, int[] observed, int every, double sigma,
        double[]? stimulus = null, bool[]? estimated = null, double[]? parameterValues = null, double[]? values = null) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, np = TModel.ParameterCount;
        int[] times = Enumerable.Range(0, steps / every + 1).Select(r => r * every).ToArray();
        var observations = new Observations(observed, times, values ?? new double[times.Length * observed.Length]);
        return new AssimilationProblem<TModel>(steps, dt, Discretization.Trapezoid, observations,
            Enumerable.Repeat(1.0 / (sigma * sigma), observed.Length).ToArray(),
            Enumerable.Repeat(-1e3, d).ToArray(), Enumerable.Repeat(1e3, d).ToArray(),
            Enumerable.Repeat(-1e3, np).ToArray(), Enumerable.Repeat(1e3, np).ToArray(), estimated, parameterValues, stimulus);
    }

    /// <summary>x = x₀e^{−at}: ∂x/∂a = −t x, ∂x/∂x₀ = e^{−at}; F summed over the observation times, to RK4 accuracy.</summary>
    [Fact]
    public void Exponential_decay_matches_the_closed_form()
    {
        const double a = 0.7, x0 = 2.0, dt = 0.01, sigma = 0.05;
        const int steps = 300, every = 3;
        var fisher = FisherInformation.Compute(Problem<ExponentialDecay>(steps, dt, new[] { 0 }, every, sigma), new[] { x0 }, new[] { a });

        double faa = 0, fax = 0, fxx = 0;
        for (int n = 0; n <= steps; n += every)
        {
            double t = n * dt, e = Math.Exp(-a * t), sa = -t * x0 * e, sx = e;
            faa += sa * sa / (sigma * sigma);
            fax += sa * sx / (sigma * sigma);
            fxx += sx * sx / (sigma * sigma);
        }
        Assert.Equal(2, fisher.Size);
        Assert.True(fisher.Identifiable);
        Assert.Equal(faa, fisher.Matrix[0], 1e-9 * faa);
        Assert.Equal(fax, fisher.Matrix[1], 1e-9 * Math.Abs(fax));
        Assert.Equal(fax, fisher.Matrix[2], 1e-9 * Math.Abs(fax));
        Assert.Equal(fxx, fisher.Matrix[3], 1e-9 * fxx);
        double det = faa * fxx - fax * fax;
        Assert.Equal(Math.Sqrt(fxx / det), fisher.StandardDeviation(0), 1e-8 * Math.Sqrt(fxx / det));
        Assert.Equal(Math.Sqrt(faa / det), fisher.StandardDeviation(1), 1e-8 * Math.Sqrt(faa / det));
        Assert.Equal(-fax / Math.Sqrt(faa * fxx), fisher.Correlation(0, 1), 1e-8);
        Assert.Equal("parameter 0", fisher.Describe(0));
        Assert.Equal("initial state 0", fisher.Describe(1));
    }

    /// <summary>The neuron with a stimulus: F from the exact RK4 tangent against F from central differences of integrated trajectories.</summary>
    [Fact]
    public void Neuron_information_matches_differences_of_integrated_trajectories()
    {
        double[] theta = { 120, 50, 20, -77, 0.3, -54, 1, -40, 0.06, 0.1, 0.4, -60, -0.07, 1, 7, -55, 0.03, 1, 5 };
        double[] x0 = { -62, 0.08, 0.55, 0.35 };
        const int steps = 1500;
        const double dt = 0.02;
        double[] stimulus = Enumerable.Range(0, steps + 1).Select(k => 8 + 12 * Math.Sin(0.013 * k) + 6 * Math.Sin(0.071 * k)).ToArray();
        bool[] estimated = Enumerable.Repeat(true, 19).ToArray();
        estimated[3] = false; // EK fixed: the unknowns skip it
        var fisher = FisherInformation.Compute(Problem<NaKLNeuron>(steps, dt, new[] { 0 }, 1, 1.0, stimulus, estimated, theta), x0, theta);
        Assert.Equal(18 + 4, fisher.Size);
        Assert.DoesNotContain(3, fisher.EstimatedParameters);

        // Central differences of the voltage trace in each unknown.
        int size = fisher.Size;
        var sens = new double[size][];
        for (int j = 0; j < size; j++)
        {
            double[] tp = (double[])theta.Clone(), tm = (double[])theta.Clone(), xp = (double[])x0.Clone(), xm = (double[])x0.Clone();
            double h;
            if (j < 18) { int k = fisher.EstimatedParameters[j]; h = 1e-5 * Math.Abs(theta[k]); tp[k] += h; tm[k] -= h; }
            else { int a = j - 18; h = 1e-5 * Math.Max(Math.Abs(x0[a]), 0.1); xp[a] += h; xm[a] -= h; }
            double[] plus = TwinExperiment.Integrate<NaKLNeuron>(xp, tp, dt, steps, stimulus);
            double[] minus = TwinExperiment.Integrate<NaKLNeuron>(xm, tm, dt, steps, stimulus);
            sens[j] = Enumerable.Range(0, steps + 1).Select(n => (plus[n * 4] - minus[n * 4]) / (2 * h)).ToArray();
        }
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
            {
                double fd = 0;
                for (int n = 0; n <= steps; n++) fd += sens[i][n] * sens[j][n];
                double scale = Math.Sqrt(fisher.Matrix[i * size + i] * fisher.Matrix[j * size + j]);
                Assert.True(Math.Abs(fd - fisher.Matrix[i * size + j]) <= 1e-6 * scale, $"F[{fisher.Describe(i)}, {fisher.Describe(j)}] = {fisher.Matrix[i * size + j]:R}, differences {fd:R}");
            }
        Assert.True(fisher.Identifiable);
        double[] std = fisher.ParameterStd();
        Assert.True(double.IsNaN(std[3]));
        Assert.All(std.Where((_, k) => k != 3), s => Assert.True(s > 0 && double.IsFinite(s)));
    }

    /// <summary>dx/dt = −ab·x: a and b are not separately identifiable, and the bound says so (b is the dependent unknown) instead of returning numbers.</summary>
    [Fact]
    public void A_product_of_parameters_is_reported_as_not_identifiable()
    {
        var fisher = FisherInformation.Compute(Problem<ProductDecay>(200, 0.01, new[] { 0 }, 1, 0.1), new[] { 1.5 }, new[] { 0.8, 1.3 });
        Assert.False(fisher.Identifiable);
        Assert.Equal(1, fisher.DependentUnknown);
        Assert.Equal("parameter 1", fisher.Describe(fisher.DependentUnknown));
        Assert.True(double.IsNaN(fisher.StandardDeviation(0)));

        // Fixing b makes the rest identifiable.
        var fixedB = FisherInformation.Compute(Problem<ProductDecay>(200, 0.01, new[] { 0 }, 1, 0.1, estimated: new[] { true, false }, parameterValues: new[] { 0.0, 1.3 }), new[] { 1.5 }, new[] { 0.8, 1.3 });
        Assert.True(fixedB.Identifiable);
        Assert.Equal(new[] { 0 }, fixedB.EstimatedParameters);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var problem = Problem<ExponentialDecay>(10, 0.1, new[] { 0 }, 1, 0.1);
        Assert.Equal("initialState", Assert.Throws<ArgumentException>(() => FisherInformation.Compute(problem, new[] { 1.0, 2.0 }, new[] { 0.5 })).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => FisherInformation.Compute(problem, new[] { 1.0 }, new[] { double.NaN })).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => FisherInformation.Compute(problem, new[] { 1.0 }, new[] { -1e30 })).ParamName); // grows to overflow within a few steps
        var fisher = FisherInformation.Compute(problem, new[] { 1.0 }, new[] { 0.5 });
        Assert.Equal("unknown", Assert.Throws<ArgumentOutOfRangeException>(() => fisher.StandardDeviation(2)).ParamName);
    }

    /// <summary>
    /// The bound is attained: 200 noise draws of a decay experiment, each estimated by precision
    /// annealing (Newton), give a spread of â and x̂₀ equal to the Cramér–Rao standard deviations
    /// within the sampling error of a standard deviation from 200 draws (±5 %; tolerance 15 %).
    /// </summary>
    [Fact]
    public void Spread_of_annealing_estimates_equals_the_Cramer_Rao_bound()
    {
        const double a = 0.7, x0 = 2.0, dt = 0.01, sigma = 0.05;
        const int steps = 200, draws = 200;
        double[] truth = TwinExperiment.Integrate<ExponentialDecay>(new[] { x0 }, new[] { a }, dt, steps);
        var fisher = FisherInformation.Compute(Problem<ExponentialDecay>(steps, dt, new[] { 0 }, 1, sigma), new[] { x0 }, new[] { a });
        var random = new Random(11);
        var estimatesA = new double[draws];
        var estimatesX0 = new double[draws];
        for (int r = 0; r < draws; r++)
        {
            double[] y = Enumerable.Range(0, steps + 1).Select(n => truth[n] + sigma * TwinExperiment.Gaussian(random)).ToArray();
            var problem = Problem<ExponentialDecay>(steps, dt, new[] { 0 }, 1, sigma, values: y);
            var result = PrecisionAnnealing.Run(problem, new AnnealingOptions { Rf0 = new[] { 1e2 }, Alpha = 10, BetaMax = 6, Paths = 1, Seed = r + 1, Threads = 1, Minimizer = new TrustRegionNewtonOptions() });
            estimatesA[r] = result.BestParameters()[0];
            estimatesX0[r] = result.State(0)[0];
        }
        AssertSpread(estimatesA, a, fisher.StandardDeviation(0), "a");
        AssertSpread(estimatesX0, x0, fisher.StandardDeviation(1), "x0");

        static void AssertSpread(double[] estimates, double truth, double bound, string name)
        {
            double mean = estimates.Average();
            double std = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (estimates.Length - 1));
            Assert.True(Math.Abs(std / bound - 1) < 0.15, $"{name}: spread {std:G4} vs Cramér–Rao {bound:G4}");
            Assert.True(Math.Abs(mean - truth) < 4 * bound / Math.Sqrt(estimates.Length), $"{name}: mean {mean:G6} vs truth {truth}");
        }
    }
}
