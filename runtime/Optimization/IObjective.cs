using System;

namespace DeepestLearning;

/// <summary>A smooth function to minimize. One call per evaluation (never per element).</summary>
public interface IObjective
{
    /// <summary>n, the number of variables: the length of x and of the gradient.</summary>
    int Dimension { get; }

    /// <summary>Returns f(x) and writes ∇f(x) into <paramref name="gradient"/>.</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}
