using System;

namespace DeepestLearning;

/// <summary>
/// How every discretization reads the stimulus u(t) (docs/design.md §1.1): it is given on the
/// model grid, row-major (steps + 1) × U, and a value needed between two grid points (a
/// Hermite–Simpson midpoint, an RK4 half-step stage) is the linear interpolation of its
/// neighbours. Defined once so that the action, its Hessian, the explicit steps, twin data and
/// Fisher information all see the same current.
/// </summary>
internal static class GridStimulus
{
    /// <summary>u(t_n): a slice of the grid values, empty for a model without stimuli.</summary>
    public static ReadOnlySpan<double> AtGridPoint(ReadOnlySpan<double> stimulus, int inputs, int n) =>
        inputs == 0 ? ReadOnlySpan<double>.Empty : stimulus.Slice(n * inputs, inputs);

    /// <summary>u(t_n + Δt/2) = (u(t_n) + u(t_n+1))/2 written into <paramref name="midpoint"/> (U values) and returned; empty for a model without stimuli.</summary>
    public static ReadOnlySpan<double> AtMidpoint(ReadOnlySpan<double> stimulus, int inputs, int n, Span<double> midpoint)
    {
        if (inputs == 0) return ReadOnlySpan<double>.Empty;
        for (int k = 0; k < inputs; k++) midpoint[k] = 0.5 * (stimulus[n * inputs + k] + stimulus[(n + 1) * inputs + k]);
        return midpoint.Slice(0, inputs);
    }
}
