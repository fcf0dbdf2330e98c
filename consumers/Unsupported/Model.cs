using System;
using DeepestLearning;

namespace Consumer;

/// <summary>A clipped Lorenz63: Math.Max has no derivative at the kink, so the generator refuses it.</summary>
[DynamicalModel(States = 3, Parameters = 3)]
public partial class ClippedLorenz63
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        double sigma = p[0], rho = p[1], beta = p[2];
        dxdt[0] = sigma * Math.Max(x[1] - x[0], 0.0); // expected: DL0009
        dxdt[1] = x[0] * (rho - x[2]) - x[1];
        dxdt[2] = x[0] * x[1] - beta * x[2];
    }
}
