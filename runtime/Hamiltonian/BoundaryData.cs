using System;

namespace DeepestLearning;

/// <summary>Measurements at one end of the layer/time interval: which components, their values, the precision R_m.</summary>
public sealed record BoundaryData
{
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

    public int[] Components { get; }
    public double[] Values { get; }
    public double Precision { get; }

    /// <summary>No measurement at this end: the natural boundary condition is p = 0.</summary>
    public static BoundaryData None { get; } = new(Array.Empty<int>(), Array.Empty<double>(), 1.0);
}
