using System;
using DeepestLearning;

namespace DeepestLearning.SampleModels;

/// <summary>The twin experiment's data network (docs/design.md §1.3): 100 dense sigmoid layers of 10 neurons.</summary>
[LayeredNetwork(Width = 10, Layers = 100)]
public partial class SigmoidTeacher100
{
    [Activation]
    static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));
}

/// <summary>The network fitted to the twin data: 20 dense sigmoid layers of 10 neurons.</summary>
[LayeredNetwork(Width = 10, Layers = 20)]
public partial class SigmoidStudent20
{
    [Activation]
    static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));
}

/// <summary>
/// The depth experiment: residual layers x + h·tanh(W x + b) of width 4 on τ ∈ [0, T], h = T/L, so a
/// deeper network is a finer time step of the same continuous-depth flow. W is row-major with each
/// row's bias after it: w[i·5 + k] = W_ik, w[i·5 + 4] = b_i.
/// </summary>
public static class ResidualFlow
{
    public const double Horizon = 2.0;
    public const int Width = 4;
    public const int WeightsPerLayer = Width * (Width + 1);
}

[LayeredNetwork(Width = ResidualFlow.Width, Layers = 2, WeightsPerLayer = ResidualFlow.WeightsPerLayer)]
public partial class ResidualFlow2
{
    private const double H = ResidualFlow.Horizon / 2;

    [LayerMap]
    static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)
    {
        for (int i = 0; i < 4; i++)
        {
            double a = w[i * 5 + 4];
            for (int k = 0; k < 4; k++) a += w[i * 5 + k] * x[k];
            next[i] = x[i] + H * Math.Tanh(a);
        }
    }
}

[LayeredNetwork(Width = ResidualFlow.Width, Layers = 4, WeightsPerLayer = ResidualFlow.WeightsPerLayer)]
public partial class ResidualFlow4
{
    private const double H = ResidualFlow.Horizon / 4;

    [LayerMap]
    static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)
    {
        for (int i = 0; i < 4; i++)
        {
            double a = w[i * 5 + 4];
            for (int k = 0; k < 4; k++) a += w[i * 5 + k] * x[k];
            next[i] = x[i] + H * Math.Tanh(a);
        }
    }
}

[LayeredNetwork(Width = ResidualFlow.Width, Layers = 8, WeightsPerLayer = ResidualFlow.WeightsPerLayer)]
public partial class ResidualFlow8
{
    private const double H = ResidualFlow.Horizon / 8;

    [LayerMap]
    static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)
    {
        for (int i = 0; i < 4; i++)
        {
            double a = w[i * 5 + 4];
            for (int k = 0; k < 4; k++) a += w[i * 5 + k] * x[k];
            next[i] = x[i] + H * Math.Tanh(a);
        }
    }
}

[LayeredNetwork(Width = ResidualFlow.Width, Layers = 16, WeightsPerLayer = ResidualFlow.WeightsPerLayer)]
public partial class ResidualFlow16
{
    private const double H = ResidualFlow.Horizon / 16;

    [LayerMap]
    static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)
    {
        for (int i = 0; i < 4; i++)
        {
            double a = w[i * 5 + 4];
            for (int k = 0; k < 4; k++) a += w[i * 5 + k] * x[k];
            next[i] = x[i] + H * Math.Tanh(a);
        }
    }
}

[LayeredNetwork(Width = ResidualFlow.Width, Layers = 32, WeightsPerLayer = ResidualFlow.WeightsPerLayer)]
public partial class ResidualFlow32
{
    private const double H = ResidualFlow.Horizon / 32;

    [LayerMap]
    static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)
    {
        for (int i = 0; i < 4; i++)
        {
            double a = w[i * 5 + 4];
            for (int k = 0; k < 4; k++) a += w[i * 5 + k] * x[k];
            next[i] = x[i] + H * Math.Tanh(a);
        }
    }
}

/// <summary>
/// The two-spirals classifier: 12 residual tanh layers of width 6 (the 2-D input padded with zeros,
/// so the flow has room to untangle the spirals), the class read from component 0 of the output.
/// </summary>
[LayeredNetwork(Width = 6, Layers = 12, WeightsPerLayer = 42)]
public partial class SpiralNet
{
    private const int N = 6;
    private const double H = 0.25;

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

/// <summary>
/// The continuous-depth network of the deepest-learning sample: dx/dτ = tanh(W(τ) x + b(τ)), width 4,
/// with the weight layout of <see cref="ResidualFlow8"/> (one forward-Euler step of length T/8 per layer
/// is that network's residual layer).
/// </summary>
[DynamicalModel(States = ResidualFlow.Width, Parameters = ResidualFlow.WeightsPerLayer)]
public partial class TanhFlow
{
    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> dxdt)
    {
        for (int i = 0; i < 4; i++)
        {
            double a = w[i * 5 + 4];
            for (int k = 0; k < 4; k++) a += w[i * 5 + k] * x[k];
            dxdt[i] = Math.Tanh(a);
        }
    }
}
