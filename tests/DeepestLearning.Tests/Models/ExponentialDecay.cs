using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>dx/dt = −a·x: x(t) = x₀e^{−at}, so its sensitivities and Fisher information have closed forms.</summary>
[DynamicalModel(States = 1, Parameters = 1)]
public partial class ExponentialDecay
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) => dxdt[0] = -p[0] * x[0];
}

/// <summary>dx/dt = −a·b·x: only the product ab is determined by any observation of x.</summary>
[DynamicalModel(States = 1, Parameters = 2)]
public partial class ProductDecay
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) => dxdt[0] = -p[0] * p[1] * x[0];
}
