using System;
using DeepestLearning;

namespace HostConsumer;

/// <summary>Lorenz63 with σ, ρ, β as parameters; the package's generator emits its derivatives.</summary>
[DynamicalModel(States = 3, Parameters = 3)]
public partial class Lorenz63
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        dxdt[0] = p[0] * (x[1] - x[0]);
        dxdt[1] = x[0] * (p[1] - x[2]) - x[1];
        dxdt[2] = x[0] * x[1] - p[2] * x[2];
    }
}
