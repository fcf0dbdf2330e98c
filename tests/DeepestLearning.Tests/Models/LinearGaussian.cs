using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>
/// dx/dt = A x + B p with A = [[0, 1, 0], [−1, −0.3, 0], [0.5, 0, −0.2]] (a damped oscillator driving a
/// relaxing third component) and B = [[0, 0], [1, 0], [0, 1]] (constant forcings as parameters): linear in
/// (x, p) jointly, so with a linear discretization the action is exactly quadratic and its Laplace
/// approximation is the exact posterior.
/// </summary>
[DynamicalModel(States = 3, Parameters = 2)]
public partial class LinearGaussian
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        dxdt[0] = x[1];
        dxdt[1] = -x[0] - 0.3 * x[1] + p[0];
        dxdt[2] = 0.5 * x[0] - 0.2 * x[2] + p[1];
    }
}
