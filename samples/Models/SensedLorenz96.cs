using System;
using DeepestLearning;

namespace DeepestLearning.SampleModels;

/// <summary>
/// Lorenz96 (D = 20, the forcing F the parameter) seen through nonlinear sensors: sensor l sees
/// tanh((x_l + x_{l+1}) / 10), the saturating response of a detector to the sum of two neighbouring components.
/// </summary>
[DynamicalModel(States = 20, Parameters = 1)]
public partial class SensedLorenz96D20
{
    /// <summary>The sum of two components is divided by this before the tanh (L96 components are of order 10).</summary>
    public const double SensorScale = 10.0;

    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        const int D = 20;
        for (int i = 0; i < D; i++)
            dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
    }

    [Measurement(Outputs = 20)]
    static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y)
    {
        const int D = 20;
        for (int l = 0; l < D; l++) y[l] = Math.Tanh((x[l] + x[(l + 1) % D]) / SensorScale);
    }
}
