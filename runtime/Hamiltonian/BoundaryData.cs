using System;

namespace DeepestLearning;

/// <summary>Measurements at one end of the layer/time interval: which components, their values, the precision R_m.</summary>
public sealed record BoundaryData
{
    /// <summary>Measurements of <paramref name="components"/> with values <paramref name="values"/> and precision R_m.</summary>
    /// <param name="components">The measured state components.</param>
    /// <param name="values">One finite value per component.</param>
    /// <param name="precision">R_m, positive and finite, shared by the components.</param>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, a value is not finite, or the precision is not positive and finite.</exception>
    public BoundaryData(int[] components, double[] values, double precision)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(values);
        if (components.Length != values.Length) throw new ArgumentException($"values must have one entry per component ({components.Length}), not {values.Length}.", nameof(values));
        if (!(precision > 0) || !double.IsFinite(precision)) throw new ArgumentException($"precision = {precision} must be positive and finite.", nameof(precision));
        foreach (double v in values)
            if (!double.IsFinite(v)) throw new ArgumentException($"value {v} is not finite.", nameof(values));
        Components = components;
        Values = values;
        Precision = precision;
    }

    /// <summary>The measured state components (empty: no measurement).</summary>
    public int[] Components { get; }
    /// <summary>The measured value of each entry of <see cref="Components"/>.</summary>
    public double[] Values { get; }
    /// <summary>R_m, the precision of these measurements.</summary>
    public double Precision { get; }

    /// <summary>No measurement at this end: the natural boundary condition is p = 0.</summary>
    public static BoundaryData None { get; } = new(Array.Empty<int>(), Array.Empty<double>(), 1.0);
}
