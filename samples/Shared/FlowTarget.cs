using System;

namespace DeepestLearning.Samples;

/// <summary>
/// A continuous-depth target: the time-T flow of dx/dτ = tanh(A x + b), computed by RK4 with 2000
/// steps, on standardized Gaussian inputs with Gaussian noise σ on inputs and outputs (σ = 0 for a
/// clean held-out set). A is row-major n×n.
/// </summary>
public static class FlowTarget
{
    /// <summary>Draws A ~ scale·N(0, 1)/√n and b ~ 0.5·N(0, 1).</summary>
    public static (double[] A, double[] B) Draw(int width, double scale, Random random)
    {
        var a = new double[width * width];
        var b = new double[width];
        for (int i = 0; i < a.Length; i++) a[i] = scale * TwinExperiment.Gaussian(random) / Math.Sqrt(width);
        for (int i = 0; i < width; i++) b[i] = 0.5 * TwinExperiment.Gaussian(random);
        return (a, b);
    }

    public static TrainingPairs Pairs(double[] a, double[] b, double horizon, int count, double sigma, Random random) =>
        NoisyPairs.Draw(b.Length, b.Length, count, sigma, random, (input, output) =>
        {
            input.CopyTo(output);
            Flow(a, b, output, horizon, 2000);
        });

    /// <summary>
    /// Classical RK4 written out here rather than the library's: the library's steps run a generated model, whose
    /// state count is fixed at compile time, while this target's width is a run-time value.
    /// </summary>
    private static void Flow(double[] a, double[] b, Span<double> x, double horizon, int steps)
    {
        int n = x.Length;
        double h = horizon / steps;
        double[] k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n], y = new double[n];
        void F(ReadOnlySpan<double> at, double[] into)
        {
            for (int i = 0; i < n; i++)
            {
                double s = b[i];
                for (int j = 0; j < n; j++) s += a[i * n + j] * at[j];
                into[i] = Math.Tanh(s);
            }
        }
        for (int step = 0; step < steps; step++)
        {
            F(x, k1);
            for (int i = 0; i < n; i++) y[i] = x[i] + 0.5 * h * k1[i];
            F(y, k2);
            for (int i = 0; i < n; i++) y[i] = x[i] + 0.5 * h * k2[i];
            F(y, k3);
            for (int i = 0; i < n; i++) y[i] = x[i] + h * k3[i];
            F(y, k4);
            for (int i = 0; i < n; i++) x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }
}
