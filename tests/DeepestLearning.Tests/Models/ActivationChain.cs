using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>
/// A small continuous-time recurrent network: dxᵢ/dt = −xᵢ + Σⱼ Wᵢⱼ σ(xⱼ) + bᵢ with a sigmoid
/// [Activation] called inside a loop, an accumulating local, and a second activation that calls
/// the first. Parameters: W (row-major, 9) then b (3) then a gain.
/// </summary>
[DynamicalModel(States = 3, Parameters = 13)]
public partial class ActivationChain
{
    private const int N = 3;

    [Activation]
    static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    [Activation]
    static double Swish(double z)
    {
        double s = Sigmoid(z);
        return z * s;
    }

    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
    {
        for (int i = 0; i < N; i++)
        {
            double sum = p[9 + i];
            for (int j = 0; j < N; j++)
                sum += p[i * N + j] * Sigmoid(x[j]);
            sum *= p[12];
            dxdt[i] = -x[i] + sum + 0.1 * Swish(x[i]) - Math.Sqrt(1 + x[i] * x[i]) / 4;
        }
    }
}
