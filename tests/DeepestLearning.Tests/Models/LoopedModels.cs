using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>
/// A reaction–diffusion chain whose end rows differ from the middle: the generator writes rows 1 … D − 2
/// as one loop and rows 0 and D − 1 as straight-line code. p[2]·sin(xᵢ) gives second derivatives in
/// (p, x) that many rows add to, p[1] one that every middle row adds to.
/// </summary>
[DynamicalModel(States = 48, Parameters = 3)]
public partial class ReactionDiffusionChain
{
    private const int D = 48;

    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        dxdt[0] = p[0] - x[0] * x[1];
        for (int i = 1; i < D - 1; i++)
            dxdt[i] = p[1] * (x[i - 1] - 2 * x[i] + x[i + 1]) + p[2] * Math.Sin(x[i]) * x[i + 1];
        dxdt[D - 1] = x[D - 2] - x[D - 1] * x[D - 1];
    }
}

/// <summary>
/// A ring of cells with a parameter of their own (p[i], slope 1), a shared gain p[D] and a stimulus:
/// one loop whose leaves move with i at different rates, wrapping at both ends.
/// </summary>
[DynamicalModel(States = 40, Parameters = 41, Stimuli = 1)]
public partial class DrivenRing
{
    private const int D = 40;

    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt)
    {
        for (int i = 0; i < D; i++)
        {
            double gradient = x[(i + 1) % D] - x[(i + D - 1) % D];
            dxdt[i] = -p[i] * x[i] + p[D] * Math.Tanh(gradient) + u[0] * x[i] * x[i];
        }
    }
}

/// <summary>
/// Every cell coupled to every other through offsets k = 1 … D − 1 (a Kuramoto ring): each row's leaves
/// wrap at a different i, so the loop reads its indices with % instead of splitting at every wrap.
/// </summary>
[DynamicalModel(States = 40, Parameters = 2)]
public partial class KuramotoRing
{
    private const int D = 40;

    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        for (int i = 0; i < D; i++)
        {
            double coupling = 0;
            for (int k = 1; k < D; k++) coupling += Math.Sin(x[(i + k) % D] - x[i]);
            dxdt[i] = p[0] - x[i] + p[1] / D * coupling;
        }
    }
}
