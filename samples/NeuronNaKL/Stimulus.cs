using System;

namespace NeuronNaKLSample;

/// <summary>
/// The injected current of the twin experiment: a slowly varying chaotic drive (the x component
/// of a Lorenz63 oscillator, time-rescaled) plus a staircase of steps, so the cell is pushed
/// through rest, irregular firing and fast firing — the range the gating kinetics must be
/// identified over. The staircase includes hyperpolarizing steps: below rest the leak current
/// is no longer masked by the spike currents, which is what separates gL from EL (with only
/// mild negative steps gL came out 8 % off).
/// </summary>
public static class Stimulus
{
    /// <summary>The staircase: multiples of the step amplitude, one per step duration, repeating.</summary>
    public static readonly double[] DefaultLevels = { 0.0, 1.0, -2.5, 0.5, 1.5, -1.5, 0.25 };

    public static double[] Generate(int points, double dt, double baseline, double chaosAmplitude, double stepAmplitude, double stepDuration, double[]? levels = null)
    {
        levels ??= DefaultLevels;
        var current = new double[points];
        // Lorenz63 (σ = 10, ρ = 28, β = 8/3) run 0.01 time units per ms: features on the scale of tens of ms.
        double x = 1.0, y = 1.0, z = 20.0, h = 0.01 * dt;
        for (int spin = 0; spin < 200_000; spin++) Step(ref x, ref y, ref z, 0.005);
        for (int k = 0; k < points; k++)
        {
            double t = k * dt;
            int stair = (int)(t / stepDuration) % levels.Length;
            current[k] = baseline + chaosAmplitude * x / 20.0 + stepAmplitude * levels[stair];
            Step(ref x, ref y, ref z, h);
        }
        return current;
    }

    private static void Step(ref double x, ref double y, ref double z, double h)
    {
        // Classical RK4 on Lorenz63.
        static (double, double, double) F(double x, double y, double z) => (10 * (y - x), x * (28 - z) - y, x * y - 8.0 / 3.0 * z);
        (double a1, double b1, double c1) = F(x, y, z);
        (double a2, double b2, double c2) = F(x + 0.5 * h * a1, y + 0.5 * h * b1, z + 0.5 * h * c1);
        (double a3, double b3, double c3) = F(x + 0.5 * h * a2, y + 0.5 * h * b2, z + 0.5 * h * c2);
        (double a4, double b4, double c4) = F(x + h * a3, y + h * b3, z + h * c3);
        x += h / 6 * (a1 + 2 * a2 + 2 * a3 + a4);
        y += h / 6 * (b1 + 2 * b2 + 2 * b3 + b4);
        z += h / 6 * (c1 + 2 * c2 + 2 * c3 + c4);
    }
}
