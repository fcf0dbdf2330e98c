using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>
/// Lorenz96 (D = 6) seen through nonlinear sensors: sensor l sees a gain p[1] times tanh of the sum of two
/// neighbouring components, and a sixth sensor the square of x₅. The gain is read by the sensors only.
/// </summary>
[DynamicalModel(States = 6, Parameters = 2)]
public partial class SensedLorenz96
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 6;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }

    [Measurement(Outputs = 5)]
    static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y)
    {
        for (int l = 0; l < 4; l++) y[l] = p[1] * Math.Tanh(x[l] + x[l + 1]);
        y[4] = x[5] * x[5];
    }
}

/// <summary>A driven, damped oscillator whose sensor depends on the state, a parameter and the stimulus.</summary>
[DynamicalModel(States = 2, Parameters = 2, Stimuli = 1)]
public partial class SensedOscillator
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt)
    {
        dxdt[0] = x[1];
        dxdt[1] = -x[0] - p[0] * x[1] + u[0];
    }

    [Measurement(Outputs = 2)]
    static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> y)
    {
        y[0] = Math.Exp(p[1] * x[0]) + u[0] * x[1];
        y[1] = x[0] * x[1];
    }
}

/// <summary>Lorenz96 D = 5 whose sensor is the identity, y = x: the same problem as <see cref="Lorenz96D5"/> observing all five components.</summary>
[DynamicalModel(States = 5, Parameters = 1)]
public partial class IdentitySensedLorenz96
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 5;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }

    [Measurement(Outputs = 5)]
    static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y)
    {
        for (int l = 0; l < 5; l++) y[l] = x[l];
    }
}

/// <summary>
/// A ring of 40 Lorenz96 components with a row of identical sensors (gain p[1] times tanh of a neighbour sum, the
/// last wrapping around) and one more sensor unlike the others: the generator writes the row as a loop over outputs.
/// </summary>
[DynamicalModel(States = 40, Parameters = 2)]
public partial class SensedRing
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 40;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }

    [Measurement(Outputs = 41)]
    static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y)
    {
        const int D = 40;
        for (int l = 0; l < D; l++) y[l] = p[1] * Math.Tanh((x[l] + x[(l + 1) % D]) / 10.0);
        y[D] = x[0] * x[D - 1];
    }
}

/// <summary>The golden file's short ring: a straight-line vector field and 40 looped sensors, two per pair of components (shared second-derivative entries).</summary>
[DynamicalModel(States = 20, Parameters = 2)]
public partial class SensedShortRing
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 20;
        for (int i = 0; i < D; i++)
            dxdt[i] = x[(i + 1) % D] - x[i] + p[0];
    }

    [Measurement(Outputs = 40)]
    static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y)
    {
        for (int l = 0; l < 40; l++) y[l] = p[1] * x[l % 20] * x[(l + 3) % 20];
    }
}
