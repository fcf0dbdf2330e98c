using System;
using DeepestLearning;
using DeepestLearning.SampleModels;

namespace DeepestLearningSample;

/// <summary>Forward integration of the trained continuous-depth network with a chosen rule and step.</summary>
public static class ContinuousDepth
{
    /// <summary>x(T) from x(0) = input: K layers, n steps of h = T/(K·n) each, weights constant within a layer.</summary>
    public static void Integrate(ExplicitStep<TanhFlow> step, ReadOnlySpan<double> weights, ReadOnlySpan<double> input, int layers, double horizon, int stepsPerLayer, Span<double> output)
    {
        int d = TanhFlow.StateCount, np = TanhFlow.ParameterCount;
        double h = horizon / (layers * stepsPerLayer);
        Span<double> x = stackalloc double[d], next = stackalloc double[d];
        input.Slice(0, d).CopyTo(x);
        for (int l = 0; l < layers; l++)
            for (int s = 0; s < stepsPerLayer; s++)
            {
                step.Forward(x, weights.Slice(l * np, np), default, default, default, h, next);
                next.CopyTo(x);
            }
        x.CopyTo(output);
    }

    public static double HeldOutRmse(double[] weights, TrainingPairs pairs, int layers, double horizon, ExplicitRule rule, int stepsPerLayer)
    {
        var output = new double[TanhFlow.StateCount];
        var step = new ExplicitStep<TanhFlow>(rule);
        double sum = 0;
        for (int k = 0; k < pairs.Count; k++)
        {
            Integrate(step, weights, pairs.Input(k), layers, horizon, stepsPerLayer, output);
            for (int i = 0; i < output.Length; i++) sum += Math.Pow(output[i] - pairs.Target(k)[i], 2);
        }
        return Math.Sqrt(sum / (pairs.Count * TanhFlow.StateCount));
    }
}

/// <summary>
/// The discretization error of the trained network as the step shrinks at fixed T: RMS difference of
/// x(T) over the held-out inputs against RK4 with 1024 steps per layer, for forward Euler and RK4 with
/// n = 1 … 256 steps per layer, and the fitted log–log slopes (the observed orders).
/// </summary>
public sealed record Convergence(int[] StepsPerLayer, double[] H, double[] EulerError, double[] Rk4Error, double EulerSlope, double Rk4Slope)
{
    public static Convergence Measure(double[] weights, TrainingPairs inputs, int layers, double horizon)
    {
        int d = 4, count = Math.Min(inputs.Count, 200);
        int[] steps = { 1, 2, 4, 8, 16, 32, 64, 128, 256 };
        var reference = new double[count * d];
        var referenceStep = new ExplicitStep<TanhFlow>(ExplicitRule.RungeKutta4);
        for (int k = 0; k < count; k++) ContinuousDepth.Integrate(referenceStep, weights, inputs.Input(k), layers, horizon, 1024, reference.AsSpan(k * d, d));
        double Error(ExplicitRule rule, int n)
        {
            var step = new ExplicitStep<TanhFlow>(rule);
            var output = new double[d];
            double sum = 0;
            for (int k = 0; k < count; k++)
            {
                ContinuousDepth.Integrate(step, weights, inputs.Input(k), layers, horizon, n, output);
                for (int i = 0; i < d; i++) sum += Math.Pow(output[i] - reference[k * d + i], 2);
            }
            return Math.Sqrt(sum / (count * d));
        }
        double[] h = Array.ConvertAll(steps, n => horizon / (layers * n));
        double[] euler = Array.ConvertAll(steps, n => Error(ExplicitRule.ForwardEuler, n));
        double[] rk4 = Array.ConvertAll(steps, n => Error(ExplicitRule.RungeKutta4, n));
        return new Convergence(steps, h, euler, rk4, Slope(h, euler), Slope(h, rk4));
    }

    /// <summary>Least-squares slope of log(error) against log(h) over the points above the round-off floor (1e-12).</summary>
    private static double Slope(double[] h, double[] error)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        for (int i = 0; i < h.Length; i++)
        {
            if (!(error[i] > 1e-12)) continue;
            double x = Math.Log(h[i]), y = Math.Log(error[i]);
            sx += x; sy += y; sxx += x * x; sxy += x * y;
            m++;
        }
        return m < 2 ? double.NaN : (m * sxy - sx * sy) / (m * sxx - sx * sx);
    }
}
