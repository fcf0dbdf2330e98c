using System;

namespace DeepestLearning;

/// <summary>
/// Measurements y_l(n) of some state components at some model-grid times.
/// <see cref="Values"/> is row-major: one row per measurement time, one column per observed component.
/// </summary>
public sealed class Observations
{
    /// <summary>Measurements of <paramref name="components"/> at the model-grid steps <paramref name="times"/>.</summary>
    /// <param name="components">The observed state components, one per column.</param>
    /// <param name="times">Model-grid step index of each row, strictly increasing.</param>
    /// <param name="values">times.Length × components.Length finite numbers, row-major (one row per time).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> has the wrong length or a non-finite entry, or <paramref name="times"/> is not strictly increasing.</exception>
    public Observations(int[] components, int[] times, double[] values)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != components.Length * times.Length)
            throw new ArgumentException($"values must hold times.Length × components.Length = {times.Length * components.Length} numbers, not {values.Length}.", nameof(values));
        for (int k = 0; k < values.Length; k++)
            if (!double.IsFinite(values[k]))
                throw new ArgumentException($"values[{k}] (time row {k / Math.Max(1, components.Length)}, column {k % Math.Max(1, components.Length)}) is {values[k]}; observations must be finite.", nameof(values));
        for (int t = 1; t < times.Length; t++)
            if (times[t] <= times[t - 1])
                throw new ArgumentException($"times must be strictly increasing (times[{t}] = {times[t]} after {times[t - 1]}).", nameof(times));
        Components = components;
        Times = times;
        Values = values;
    }

    /// <summary>The observed state components, in column order.</summary>
    public int[] Components { get; }

    /// <summary>Model-grid step index of each measurement row.</summary>
    public int[] Times { get; }

    /// <summary>The measured values, row-major: one row per entry of <see cref="Times"/>, one column per entry of <see cref="Components"/>.</summary>
    public double[] Values { get; }

    /// <summary>The measurement of component <c>Components[column]</c> at grid step <c>Times[row]</c>.</summary>
    public double this[int row, int column] => Values[row * Components.Length + column];
}
