using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>dx/dt = a·sin(x): one state, a nonlinear field whose assimilation Hamiltonian has bounded, non-quadratic level sets.</summary>
[DynamicalModel(States = 1, Parameters = 1)]
public partial class SineFlow
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) => dxdt[0] = p[0] * Math.Sin(x[0]);
}
