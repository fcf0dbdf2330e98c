using System;

namespace DeepestLearning;

/// <summary>
/// Twin-experiment data: integrate the model with RK4 from a state spun up onto the attractor,
/// sample it and add Gaussian noise, all from a seed.
/// </summary>
public static class TwinExperiment
{
    /// <summary>
    /// Integrates with classical RK4 on the model grid. Returns (steps + 1) × D values, row-major.
    /// The stimulus (if any) is given on the grid; stage values at half steps are linear interpolations.
    /// </summary>
    public static double[] Integrate<TModel>(ReadOnlySpan<double> x0, ReadOnlySpan<double> parameters, double dt, int steps, ReadOnlySpan<double> stimulus = default)
        where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, u = TModel.StimulusCount;
        ModelArguments.RequireExactLength(x0.Length, d, nameof(x0));
        ModelArguments.RequireExactLength(parameters.Length, TModel.ParameterCount, nameof(parameters));
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must not be negative.");
        if (u > 0 && stimulus.Length < (steps + 1) * u) throw new ArgumentException($"stimulus must have (steps + 1) × {u} = {(steps + 1) * u} values, not {stimulus.Length}.", nameof(stimulus));

        var path = new double[(steps + 1) * d];
        x0.CopyTo(path);
        var rk4 = new RungeKutta4Step<TModel>();
        var mid = new double[u];
        for (int n = 0; n < steps; n++)
        {
            StepStimulus(stimulus, u, n, mid, out ReadOnlySpan<double> u0, out ReadOnlySpan<double> u1);
            rk4.Forward(path.AsSpan(n * d, d), parameters, u0, mid, u1, dt, path.AsSpan((n + 1) * d, d));
        }
        return path;
    }

    /// <summary>
    /// The stimulus of step n → n+1 for an explicit rule: u0 at t_n, u1 at t_n+1 (slices of the grid
    /// values) and, in <paramref name="mid"/>, the half-step value (<see cref="GridStimulus"/>). Empty for a model without stimuli.
    /// </summary>
    internal static void StepStimulus(ReadOnlySpan<double> stimulus, int u, int n, Span<double> mid, out ReadOnlySpan<double> u0, out ReadOnlySpan<double> u1)
    {
        u0 = GridStimulus.AtGridPoint(stimulus, u, n);
        u1 = GridStimulus.AtGridPoint(stimulus, u, n + 1);
        GridStimulus.AtMidpoint(stimulus, u, n, mid);
    }

    /// <summary>The state after <paramref name="steps"/> RK4 steps (to discard the transient).</summary>
    public static double[] SpinUp<TModel>(ReadOnlySpan<double> x0, ReadOnlySpan<double> parameters, double dt, int steps) where TModel : IDynamicalModel<TModel>
    {
        double[] path = Integrate<TModel>(x0, parameters, dt, steps);
        return path.AsSpan(steps * TModel.StateCount, TModel.StateCount).ToArray();
    }

    /// <summary>A standard normal deviate (Box–Muller), deterministic for a given <see cref="Random"/>.</summary>
    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// Noisy observations of <paramref name="components"/> every <paramref name="every"/> grid steps
    /// of a trajectory (rows = grid points 0..steps).
    /// </summary>
    public static Observations Observe(ReadOnlySpan<double> trajectory, int stateCount, int steps, int[] components, int every, double sigma, Random random)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        if (!(sigma >= 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be non-negative.");
        int rows = steps / every + 1;
        var times = new int[rows];
        var values = new double[rows * components.Length];
        for (int r = 0; r < rows; r++)
        {
            times[r] = r * every;
            for (int c = 0; c < components.Length; c++)
                values[r * components.Length + c] = trajectory[times[r] * stateCount + components[c]] + sigma * Gaussian(random);
        }
        return new Observations(components, times, values);
    }
}
