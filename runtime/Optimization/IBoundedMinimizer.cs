using System;
using System.Threading;

namespace DeepestLearning;

/// <summary>A minimizer over a box: L-BFGS-B, trust-region Newton or IPOPT.</summary>
public interface IBoundedMinimizer
{
    /// <summary>
    /// Minimizes f over [lower, upper] from (the projection of) x; x holds the result. A cancelled
    /// <paramref name="cancellation"/> ends the run within one iteration with
    /// <see cref="OperationCanceledException"/>; x then holds the last accepted point.
    /// </summary>
    MinimizerResult Minimize(IObjective f, Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, CancellationToken cancellation = default);
}
