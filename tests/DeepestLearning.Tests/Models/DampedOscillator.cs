using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>A linear model dx/dt = A x, A = [[0, 1], [−1, −γ]]: its assimilation Hamiltonian system has a closed-form solution.</summary>
[DynamicalModel(States = 2, Parameters = 1)]
public partial class DampedOscillator
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        dxdt[0] = x[1];
        dxdt[1] = -x[0] - p[0] * x[1];
    }
}
