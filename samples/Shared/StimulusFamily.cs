using System;
using System.Linq;

namespace DeepestLearning.Samples;

/// <summary>
/// Injected-current protocols of the kinds other labs use, for testing the neuron estimator on
/// experiments it was not designed on: constant steps, a staircase, a slow ramp, square pulses
/// with hyperpolarizing steps, a sinusoidal chirp, Ornstein–Uhlenbeck noise at two correlation
/// times, a large bipolar protocol and the chaotic drive the neuron sample was designed with.
/// Each family has a seed: another realization of the same protocol (timings, levels, noise).
/// Currents are in the model's units (µA/cm² with C = 1 µF/cm²); rest without current is about −65 mV.
/// </summary>
public static class StimulusFamily
{
    /// <summary>The family names <see cref="Generate"/> accepts, in the battery's order.</summary>
    public static readonly string[] Names = { "steps", "staircase", "ramp", "pulses", "chirp", "ou5", "ou1", "bipolar", "chaotic" };

    /// <summary>
    /// <paramref name="points"/> values Δt = <paramref name="dt"/> ms apart of family
    /// <paramref name="name"/>, realization <paramref name="seed"/> (≥ 1). The window of interest
    /// is the first <paramref name="windowPoints"/> points; protocols with a fixed shape over time
    /// (staircase, ramp, chirp) are laid out over that window and continue its pattern after it.
    /// </summary>
    public static double[] Generate(string name, int seed, int points, int windowPoints, double dt)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (seed < 1) throw new ArgumentOutOfRangeException(nameof(seed), seed, "the realization seed must be at least 1.");
        if (points < 1) throw new ArgumentOutOfRangeException(nameof(points), points, "at least one point is needed.");
        if (windowPoints < 2 || windowPoints > points) throw new ArgumentOutOfRangeException(nameof(windowPoints), windowPoints, $"the window must hold 2..{points} points.");
        if (!(dt > 0)) throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be positive.");
        var random = new Random(seed * 7_919 + Array.IndexOf(Names, name) * 104_729);
        double window = (windowPoints - 1) * dt;
        return name switch
        {
            "steps" => Piecewise(points, dt, random, minMs: 15, maxMs: 35, level: r => -8 + 36 * r.NextDouble()),
            "staircase" => Staircase(points, dt, window, random),
            "ramp" => Ramp(points, dt, window, random),
            "pulses" => Pulses(points, dt, random),
            "chirp" => Chirp(points, dt, window, random),
            "ou5" => OrnsteinUhlenbeck(points, dt, random, mean: 6, sd: 12, correlationMs: 5),
            "ou1" => OrnsteinUhlenbeck(points, dt, random, mean: 10, sd: 20, correlationMs: 1),
            "bipolar" => BipolarProtocol(points, dt, random),
            "chaotic" => new ChaoticCurrent { Seed = seed }.Generate(points, dt),
            _ => throw new ArgumentException($"unknown stimulus family '{name}'; one of {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>
    /// A large bipolar protocol: charge-balanced biphasic pulses (+A for w ms, then −A for w ms,
    /// A from 15 to 35, w from 0.5 to 2 ms, either polarity first) separated by holds of 2–10 ms at
    /// 2–14 (mean about 8). Excursions reach ±35 while the membrane stays in a physiological range.
    /// </summary>
    private static double[] BipolarProtocol(int points, double dt, Random random)
    {
        var current = new double[points];
        int k = 0;
        void Hold(double value, double ms)
        {
            for (int end = Math.Min(points, k + Math.Max(1, (int)Math.Round(ms / dt))); k < end; k++) current[k] = value;
        }
        while (k < points)
        {
            double amplitude = (15 + 20 * random.NextDouble()) * (random.Next(2) == 0 ? 1 : -1), width = 0.5 + 1.5 * random.NextDouble();
            Hold(amplitude, width);
            Hold(-amplitude, width);
            Hold(2 + 12 * random.NextDouble(), 2 + 8 * random.NextDouble());
        }
        return current;
    }

    /// <summary>Holds of random duration in [minMs, maxMs] at levels drawn by <paramref name="level"/>.</summary>
    private static double[] Piecewise(int points, double dt, Random random, double minMs, double maxMs, Func<Random, double> level)
    {
        var current = new double[points];
        int k = 0;
        while (k < points)
        {
            int length = Math.Max(1, (int)Math.Round((minMs + (maxMs - minMs) * random.NextDouble()) / dt));
            double value = level(random);
            for (int end = Math.Min(points, k + length); k < end; k++) current[k] = value;
        }
        return current;
    }

    /// <summary>Eight equal steps from below rest to strong firing over the window, then back down, repeating.</summary>
    private static double[] Staircase(int points, double dt, double window, Random random)
    {
        double start = -8 + 4 * random.NextDouble(), top = 28 + 6 * random.NextDouble();
        double stepMs = window / 8;
        var current = new double[points];
        for (int k = 0; k < points; k++)
        {
            int step = (int)(k * dt / stepMs) % 16;
            int height = step < 8 ? step : 15 - step;
            current[k] = start + (top - start) * height / 7.0;
        }
        return current;
    }

    /// <summary>A slow linear ramp from below rest to strong firing over the window (a triangle wave after it).</summary>
    private static double[] Ramp(int points, double dt, double window, Random random)
    {
        double low = -10 + 5 * random.NextDouble(), high = 30 + 8 * random.NextDouble();
        var current = new double[points];
        for (int k = 0; k < points; k++)
        {
            double phase = k * dt / window % 2.0;
            double fraction = phase <= 1 ? phase : 2 - phase;
            current[k] = low + (high - low) * fraction;
        }
        return current;
    }

    /// <summary>Brief depolarizing pulses at random intervals over a subthreshold holding current, with hyperpolarizing steps between bursts.</summary>
    private static double[] Pulses(int points, double dt, Random random)
    {
        var current = new double[points];
        int k = 0;
        while (k < points)
        {
            // A burst of 3–6 pulses (1–4 ms at 15–45) every 6–14 ms, then a hyperpolarizing hold.
            int pulses = 3 + random.Next(4);
            for (int q = 0; q < pulses && k < points; q++)
            {
                int width = (int)Math.Round((1 + 3 * random.NextDouble()) / dt), gap = (int)Math.Round((5 + 8 * random.NextDouble()) / dt);
                double amplitude = 15 + 30 * random.NextDouble();
                for (int end = Math.Min(points, k + width); k < end; k++) current[k] = 2 + amplitude;
                for (int end = Math.Min(points, k + gap); k < end; k++) current[k] = 2;
            }
            int hold = (int)Math.Round((10 + 15 * random.NextDouble()) / dt);
            double depth = -6 - 8 * random.NextDouble();
            for (int end = Math.Min(points, k + hold); k < end; k++) current[k] = depth;
        }
        return current;
    }

    /// <summary>I = mean + A·sin(φ(t)) with the frequency sweeping linearly from 5 to 150 Hz over the window.</summary>
    private static double[] Chirp(int points, double dt, double window, Random random)
    {
        double mean = 8 + 4 * random.NextDouble(), amplitude = 18 + 6 * random.NextDouble(), phase0 = 2 * Math.PI * random.NextDouble();
        double f0 = 0.005, f1 = 0.150; // kHz (time is in ms)
        var current = new double[points];
        for (int k = 0; k < points; k++)
        {
            double t = k * dt % window;
            double phase = phase0 + 2 * Math.PI * (f0 * t + 0.5 * (f1 - f0) / window * t * t);
            current[k] = mean + amplitude * Math.Sin(phase);
        }
        return current;
    }

    /// <summary>An Ornstein–Uhlenbeck current with the given mean, stationary standard deviation and correlation time, sampled exactly on the grid.</summary>
    private static double[] OrnsteinUhlenbeck(int points, double dt, Random random, double mean, double sd, double correlationMs)
    {
        double decay = Math.Exp(-dt / correlationMs), kick = sd * Math.Sqrt(1 - decay * decay);
        var current = new double[points];
        double value = mean + sd * Gaussian(random);
        for (int k = 0; k < points; k++)
        {
            current[k] = value;
            value = mean + decay * (value - mean) + kick * Gaussian(random);
        }
        return current;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Mean, minimum and maximum over the first <paramref name="count"/> values (for the battery's table).</summary>
    public static (double Mean, double Min, double Max) Describe(double[] current, int count) =>
        (current.Take(count).Average(), current.Take(count).Min(), current.Take(count).Max());
}
