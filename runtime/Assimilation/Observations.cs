using System;

namespace DeepestLearning;

/// <summary>
/// Measurements y_l(n) of some state components at some model-grid times.
/// <see cref="Values"/> is row-major: one row per measurement time, one column per observed component.
/// </summary>
/// <remarks>
/// A table may have gaps: an entry can be marked as not measured (a dropped sample, a channel that
/// was off). Such an entry is no measurement at all — the action, its gradient and Hessian, the
/// Fisher information and every count of measurements (the χ² expectation, the verdict, the stopping
/// rule) leave it out — and its slot in <see cref="Values"/> holds NaN, so code that forgets to ask
/// <see cref="IsMeasured"/> produces NaN instead of silently using a number that was never measured.
/// </remarks>
public sealed class Observations
{
    private readonly bool[]? _measured; // null: every entry is measured (the common case, and the fast path)

    /// <summary>Measurements of <paramref name="components"/> at the model-grid steps <paramref name="times"/>.</summary>
    /// <param name="components">The observed state components, one per column.</param>
    /// <param name="times">Model-grid step index of each row, strictly increasing.</param>
    /// <param name="values">times.Length × components.Length numbers, row-major (one row per time); finite wherever measured.</param>
    /// <param name="measured">
    /// Optional mask in the layout of <paramref name="values"/>: false marks an entry that was not measured
    /// (its value is ignored and may be NaN). Null: every entry is measured.
    /// </param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> or <paramref name="measured"/> has the wrong length, a measured entry is not finite, or <paramref name="times"/> is not strictly increasing.</exception>
    public Observations(int[] components, int[] times, double[] values, bool[]? measured = null)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(values);
        int width = components.Length;
        if (values.Length != width * times.Length)
            throw new ArgumentException($"values must hold times.Length × components.Length = {times.Length * width} numbers, not {values.Length}.", nameof(values));
        if (measured is not null && measured.Length != values.Length)
            throw new ArgumentException($"measured must have one entry per value ({values.Length}), not {measured.Length}.", nameof(measured));
        for (int k = 0; k < values.Length; k++)
            if ((measured is null || measured[k]) && !double.IsFinite(values[k]))
                throw new ArgumentException(
                    $"values[{k}] (time row {k / Math.Max(1, width)}, column {k % Math.Max(1, width)}) is {values[k]}; measured values must be finite (mark a missing one in 'measured', or use {nameof(WithMissingAsNaN)}).",
                    nameof(values));
        for (int t = 1; t < times.Length; t++)
            if (times[t] <= times[t - 1])
                throw new ArgumentException($"times must be strictly increasing (times[{t}] = {times[t]} after {times[t - 1]}).", nameof(times));
        Components = components;
        Times = times;

        int missing = 0;
        if (measured is not null)
            foreach (bool m in measured)
                if (!m) missing++;
        if (missing == 0)
        {
            Values = values; // nothing missing: exactly the table as given, as before masks existed
        }
        else
        {
            // Our own copies: the caller's values are not overwritten with NaN, and a later change to the caller's mask cannot change this table.
            _measured = (bool[])measured!.Clone();
            Values = (double[])values.Clone();
            for (int k = 0; k < Values.Length; k++)
                if (!_measured[k]) Values[k] = double.NaN;
        }
        MeasuredCount = values.Length - missing;
    }

    /// <summary>
    /// Observations from a table in which NaN marks a value that was not measured (the convention of data files).
    /// Infinite values are still an error.
    /// </summary>
    /// <param name="components">The observed state components, one per column.</param>
    /// <param name="times">Model-grid step index of each row, strictly increasing.</param>
    /// <param name="values">times.Length × components.Length numbers, row-major; NaN where nothing was measured.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">As for the constructor; an infinite value names <paramref name="values"/>.</exception>
    public static Observations WithMissingAsNaN(int[] components, int[] times, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var measured = new bool[values.Length];
        for (int k = 0; k < values.Length; k++) measured[k] = !double.IsNaN(values[k]);
        return new Observations(components, times, values, measured);
    }

    /// <summary>The observed state components, in column order.</summary>
    public int[] Components { get; }

    /// <summary>Model-grid step index of each measurement row.</summary>
    public int[] Times { get; }

    /// <summary>The measured values, row-major: one row per entry of <see cref="Times"/>, one column per entry of <see cref="Components"/>; NaN where not measured.</summary>
    public double[] Values { get; }

    /// <summary>The measurement of component <c>Components[column]</c> at grid step <c>Times[row]</c> (NaN when not measured).</summary>
    public double this[int row, int column] => Values[row * Components.Length + column];

    /// <summary>Whether some entry of the table was not measured.</summary>
    public bool HasMissing => _measured is not null;

    /// <summary>The number of measured entries (rows × columns when nothing is missing).</summary>
    public int MeasuredCount { get; }

    /// <summary>Whether component <c>Components[column]</c> was measured at grid step <c>Times[row]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> or <paramref name="column"/> is outside the table.</exception>
    public bool IsMeasured(int row, int column)
    {
        ModelArguments.RequireIndex(row, Times.Length, nameof(row));
        ModelArguments.RequireIndex(column, Components.Length, nameof(column));
        return _measured is null || _measured[row * Components.Length + column];
    }

    /// <summary>Whether the entry at <paramref name="index"/> of <see cref="Values"/> was measured.</summary>
    internal bool IsMeasuredAt(int index) => _measured is null || _measured[index];

    /// <summary>How many rows of column <paramref name="column"/> were measured: a column with none says nothing about its component.</summary>
    public int MeasuredInColumn(int column)
    {
        ModelArguments.RequireIndex(column, Components.Length, nameof(column));
        if (_measured is null) return Times.Length;
        int count = 0;
        for (int row = 0; row < Times.Length; row++)
            if (_measured[row * Components.Length + column]) count++;
        return count;
    }

    /// <summary>
    /// A measurement precision per entry, R_m = <paramref name="precision"/>(grid step, state component), as the
    /// times × components matrix that <see cref="AssimilationProblem{TModel}"/> accepts; entries that were not
    /// measured are 0 and the function is not asked about them.
    /// </summary>
    /// <param name="precision">R_m of one measurement, from its model-grid step and its state component.</param>
    /// <exception cref="ArgumentNullException"><paramref name="precision"/> is null.</exception>
    public double[,] PrecisionMatrix(Func<int, int, double> precision)
    {
        ArgumentNullException.ThrowIfNull(precision);
        var matrix = new double[Times.Length, Components.Length];
        for (int row = 0; row < Times.Length; row++)
            for (int c = 0; c < Components.Length; c++)
                if (IsMeasured(row, c)) matrix[row, c] = precision(Times[row], Components[c]);
        return matrix;
    }
}
