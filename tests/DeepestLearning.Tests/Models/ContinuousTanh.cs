using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>
/// The continuous-depth network dx/dτ = tanh(W x + b), width 3, W row-major with each row's bias after
/// it (the weight layout of <see cref="ResidualTanhNetwork"/>): one forward-Euler step of length 0.5 is
/// exactly one residual layer x + 0.5·tanh(W x + b).
/// </summary>
[DynamicalModel(States = 3, Parameters = 12)]
public partial class ContinuousTanh
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        for (int i = 0; i < 3; i++)
        {
            double a = p[i * 4 + 3];
            for (int k = 0; k < 3; k++) a += p[i * 4 + k] * x[k];
            dxdt[i] = Math.Tanh(a);
        }
    }
}
