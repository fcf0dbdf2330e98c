using System;
using System.Linq;
using DeepestLearning.Tests.Models;

namespace DeepestLearning.Tests.Sampling;

/// <summary>The small problems the sampler tests share.</summary>
internal static class SamplingProblems
{
    /// <summary>
    /// The linear-Gaussian state-space model of the Laplace tests (<see cref="LinearGaussian"/>: a damped oscillator driving a
    /// relaxing third component, both forcings estimated), components 0 and 2 observed at every second grid point with σ = 0.5,
    /// over <paramref name="steps"/> steps of 0.1; bounds far outside the posterior.
    /// </summary>
    public static AssimilationProblem<LinearGaussian> LinearGaussian(Discretization discretization, int steps = 40)
    {
        double[] truth = TwinExperiment.Integrate<LinearGaussian>(new[] { 1.0, 0.0, -0.5 }, new[] { 0.4, -0.3 }, 0.1, steps);
        Observations observations = TwinExperiment.Observe(truth, 3, steps, new[] { 0, 2 }, 2, 0.5, new Random(3));
        return new AssimilationProblem<LinearGaussian>(steps, 0.1, discretization, observations, new[] { 4.0, 4.0 },
            Enumerable.Repeat(-100.0, 3).ToArray(), Enumerable.Repeat(100.0, 3).ToArray(), new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 });
    }

    /// <summary>
    /// A two-dimensional correlated Gaussian written as an assimilation problem: dx/dt = −a x with a = 0 (fixed), one forward-Euler
    /// step, x observed at both points with R_m = 1 and value y. With R_f = 9 the action is ½ (x − μ)ᵀ Q (x − μ) + const with
    /// Q = [[10, −9], [−9, 10]] (correlation 0.9) and μ = (y, y). <paramref name="lowerBound"/> bounds x from below at both points.
    /// </summary>
    public static AssimilationProblem<ExponentialDecay> CorrelatedPair(double y, double lowerBound)
    {
        var observations = new Observations(new[] { 0 }, new[] { 0, 1 }, new[] { y, y });
        return new AssimilationProblem<ExponentialDecay>(1, 0.1, Discretization.ForwardEuler, observations, new[] { 1.0 },
            new[] { lowerBound }, new[] { 100.0 }, new[] { 0.0 }, new[] { 1.0 }, estimated: new[] { false }, parameterValues: new[] { 0.0 });
    }

    /// <summary>The precision matrix of <see cref="CorrelatedPair"/> at R_f = 9.</summary>
    public static readonly double[,] PairPrecision = { { 10, -9 }, { -9, 10 } };

    /// <summary>R_f of <see cref="CorrelatedPair"/>.</summary>
    public static readonly double[] PairModelPrecision = { 9.0 };
}
