using System;
using DeepestLearning;

namespace Consumer;

/// <summary>Lorenz63 with σ, ρ, β as parameters; the package's generator emits its derivatives.</summary>
[DynamicalModel(States = 3, Parameters = 3)]
public partial class Lorenz63
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        double sigma = p[0], rho = p[1], beta = p[2];
        dxdt[0] = sigma * (x[1] - x[0]);
        dxdt[1] = x[0] * (rho - x[2]) - x[1];
        dxdt[2] = x[0] * x[1] - beta * x[2];
    }
}
