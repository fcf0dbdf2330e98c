using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>Lorenz96 with D = 5: the modular-index stencil dxᵢ/dt = (xᵢ₊₁ − xᵢ₋₂)xᵢ₋₁ − xᵢ + F.</summary>
[DynamicalModel(States = 5, Parameters = 1)]
public partial class Lorenz96D5
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 5;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }
}

/// <summary>Lorenz96 with D = 20 written with named index locals (the samples' Lorenz96D20 indexes inline): both must generate the same derivatives.</summary>
[DynamicalModel(States = 20, Parameters = 1)]
public partial class Lorenz96D20Locals
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 20;
        for (int i = 0; i < D; i++)
        {
            int ip1 = (i + 1) % D;
            int im1 = (i + D - 1) % D;
            int im2 = (i + D - 2) % D;
            dxdt[i] = (x[ip1] - x[im2]) * x[im1] - x[i] + p[0];
        }
    }
}

[DynamicalModel(States = 100, Parameters = 1)]
public partial struct Lorenz96D100
{
    private const int D = 100;

    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }
}

