using System;

namespace DeepestLearning;

/// <summary>A minimizer over a box: L-BFGS-B, trust-region Newton or IPOPT.</summary>
public interface IBoundedMinimizer
{
    /// <summary>Minimizes f over [lower, upper] from (the projection of) x; x holds the result.</summary>
    MinimizerResult Minimize(IObjective f, Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper);
}
