using System;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// A minimizer over a box, bound to one objective at construction (L-BFGS-B, trust-region Newton, IPOPT, Adam):
/// what it needs of the objective — its dimension for the scratch, its exact Hessian for a second-order method —
/// is checked once, there, not at every call.
/// </summary>
public interface IBoundedMinimizer
{
    /// <summary>The function this minimizer minimizes.</summary>
    IObjective Objective { get; }

    /// <summary>
    /// Minimizes <see cref="Objective"/> over [lower, upper] from (the projection of) x; x holds the result. A cancelled
    /// <paramref name="cancellation"/> ends the run within one iteration with
    /// <see cref="OperationCanceledException"/>; x then holds the last accepted point.
    /// </summary>
    MinimizerResult Minimize(Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, CancellationToken cancellation = default);
}
