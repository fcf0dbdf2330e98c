using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>A dense sigmoid network with its own input and output widths: 3 → 4 → 4 → 2.</summary>
[LayeredNetwork(Width = 4, Layers = 3, InputWidth = 3, OutputWidth = 2)]
public partial class SigmoidNetwork
{
    [Activation]
    static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));
}

/// <summary>A dense network with a linear activation: no curvature, so only W–x second derivatives.</summary>
[LayeredNetwork(Width = 3, Layers = 2)]
public partial class LinearNetwork
{
    [Activation]
    static double Identity(double a) => 2.0 * a;
}

/// <summary>One dense tanh layer of width 5 (the shape of a single-layer map, first = last).</summary>
[LayeredNetwork(Width = 5, Layers = 1, InputWidth = 2)]
public partial struct SingleTanhLayer
{
    [Activation]
    static double Tanh(double a) => Math.Tanh(a);
}

/// <summary>A user-defined residual layer x + h·tanh(W x + b), W row-major with the bias after each row.</summary>
[LayeredNetwork(Width = 3, Layers = 4, WeightsPerLayer = 12)]
public partial class ResidualTanhNetwork
{
    private const int N = 3;
    private const double H = 0.5;

    [LayerMap]
    static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)
    {
        for (int i = 0; i < N; i++)
        {
            double a = w[i * (N + 1) + N];
            for (int k = 0; k < N; k++) a += w[i * (N + 1) + k] * x[k];
            next[i] = x[i] + H * Math.Tanh(a);
        }
    }
}
