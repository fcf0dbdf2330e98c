using System;
using DeepestLearning;

namespace DeepestLearning.SampleModels;

// Lorenz96 at the sizes the samples and benchmarks use (one declared class per D); F is the parameter.

[DynamicalModel(States = 10, Parameters = 1)]
public partial class Lorenz96D10
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 10;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }
}

[DynamicalModel(States = 20, Parameters = 1)]
public partial class Lorenz96D20
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 20;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }
}

[DynamicalModel(States = 40, Parameters = 1)]
public partial class Lorenz96D40
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 40;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }
}

// D = 100 for the action-ratio benchmark (the tests declare their own Lorenz96D100).
[DynamicalModel(States = 100, Parameters = 1)]
public partial class Lorenz96D100Benchmark
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 100;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }
}

[DynamicalModel(States = 1000, Parameters = 1)]
public partial class Lorenz96D1000
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 1000;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }
}
