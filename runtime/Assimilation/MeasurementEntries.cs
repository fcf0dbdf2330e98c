using System;

namespace DeepestLearning;

/// <summary>
/// The measured entries of an observation table as three flat arrays — where each one sits in the packed
/// path, its value and its precision — in the table's row-major order. Built once per problem when some
/// entry is missing or the precision varies per entry, so that the measurement term, its gradient and the
/// Hessian's diagonal run over measurements only: no test per entry, no NaN ever read, nothing allocated.
/// </summary>
internal sealed class MeasurementEntries
{
    public MeasurementEntries(Observations observations, int stateCount, double[]? entryPrecision, double[] columnPrecision)
    {
        int columns = observations.Components.Length, count = observations.MeasuredCount;
        Position = new int[count];
        Value = new double[count];
        Precision = new double[count];
        int k = 0;
        for (int row = 0; row < observations.Times.Length; row++)
            for (int c = 0; c < columns; c++)
            {
                int index = row * columns + c;
                if (!observations.IsMeasuredAt(index)) continue;
                Position[k] = observations.Times[row] * stateCount + observations.Components[c];
                Value[k] = observations.Values[index];
                Precision[k] = entryPrecision is null ? columnPrecision[c] : entryPrecision[index];
                k++;
            }
    }

    /// <summary>Index of the measured state x_l(n) in the packed path.</summary>
    public int[] Position { get; }

    /// <summary>The measured value y_l(n).</summary>
    public double[] Value { get; }

    /// <summary>R_m of this measurement.</summary>
    public double[] Precision { get; }

    /// <summary>The number of measured entries.</summary>
    public int Count => Position.Length;
}
