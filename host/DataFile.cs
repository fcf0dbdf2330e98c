using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DeepestLearning.Cli;

/// <summary>
/// Reads numeric tables: text with values separated by whitespace or commas ('#' starts a comment,
/// the first line may be a header of column names), or NumPy <c>.npy</c> (float64/float32, 1-D or 2-D).
/// A table may start with a time column, which is checked against the grid and dropped.
/// Where missing values are allowed (measurements), NaN, NA or an empty comma-separated field marks a value that was
/// not measured; everywhere else every value must be a finite number.
/// </summary>
public static class DataFile
{
    /// <summary>
    /// Rows of <paramref name="columns"/> numbers (any count when negative). A row with one value
    /// more holds the time first: the times must be increasing and, with <paramref name="timeStep"/>,
    /// <paramref name="timeStep"/> apart. Problems throw <see cref="FormatException"/> (or
    /// <see cref="FileNotFoundException"/>) naming the file and line.
    /// </summary>
    /// <param name="path">A text file or a <c>.npy</c> file.</param>
    /// <param name="columns">The values a row must hold, without the time column; negative for any.</param>
    /// <param name="timeStep">The spacing of a time column's values, when known.</param>
    /// <param name="missingAsNaN">Accept missing values (NaN, NA, an empty comma-separated field; NaN in .npy) and return them as NaN; a time column must still be complete.</param>
    public static List<double[]> Read(string path, int columns, double? timeStep = null, bool missingAsNaN = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"data file '{path}' does not exist.", path);
        List<(int Line, double[] Values)> rows = path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path, missingAsNaN) : ReadText(path, missingAsNaN);
        if (rows.Count == 0) throw new FormatException($"{path}: no data rows.");
        int width = rows[0].Values.Length;
        foreach ((int line, double[] values) in rows)
            if (values.Length != width) throw new FormatException($"{path}:{line}: expected {width} values like the first row, found {values.Length}.");
        if (columns < 0 || width == columns) return rows.Select(r => r.Values).ToList();
        if (width != columns + 1)
            throw new FormatException($"{path}:{rows[0].Line}: expected {columns} value{(columns == 1 ? "" : "s")} per row (or {columns + 1} with a time column first), found {width}.");
        CheckTimes(path, rows, timeStep);
        return rows.Select(r => r.Values[1..]).ToList();
    }

    /// <summary>A time column must be on the grid: increasing, and evenly spaced at <paramref name="timeStep"/> when it is known.</summary>
    private static void CheckTimes(string path, List<(int Line, double[] Values)> rows, double? timeStep)
    {
        double start = rows[0].Values[0];
        if (double.IsNaN(start)) throw new FormatException($"{path}:{rows[0].Line}: the time is missing (the first column is read as time; only measurements may be missing).");
        for (int r = 1; r < rows.Count; r++)
        {
            double t = rows[r].Values[0], previous = rows[r - 1].Values[0];
            if (double.IsNaN(t)) throw new FormatException($"{path}:{rows[r].Line}: the time is missing (the first column is read as time; only measurements may be missing).");
            if (!(t > previous)) throw new FormatException($"{path}:{rows[r].Line}: time {t.ToString(CultureInfo.InvariantCulture)} does not increase (the first column is read as time).");
            if (timeStep is double step)
            {
                double expected = start + r * step;
                if (Math.Abs(t - expected) > 1e-6 * Math.Max(Math.Abs(step), Math.Abs(expected)))
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{path}:{rows[r].Line}: time {t} is off the grid (expected {expected}: rows {step} apart)."));
            }
        }
    }

    private static List<(int, double[])> ReadNpy(string path, bool missingAsNaN)
    {
        (int rows, int columns, double[] values) = NpyArray.Read(path);
        var result = new List<(int, double[])>(rows);
        for (int r = 0; r < rows; r++)
        {
            double[] row = values.AsSpan(r * columns, columns).ToArray();
            for (int c = 0; c < columns; c++)
                if (!double.IsFinite(row[c]) && !(missingAsNaN && double.IsNaN(row[c])))
                    throw new FormatException($"{path}: row {r + 1}, value {c + 1} is {row[c]}, not a finite number{(missingAsNaN ? " (NaN marks a missing value; infinities are errors)" : "")}.");
            result.Add((r + 1, row));
        }
        return result;
    }

    private static List<(int, double[])> ReadText(string path, bool missingAsNaN)
    {
        var rows = new List<(int, double[])>();
        int lineNumber = 0;
        bool first = true;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            int hash = raw.IndexOf('#');
            string line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0) continue;
            string[] parts = missingAsNaN ? Fields(line) : line.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries);
            var row = new double[parts.Length];
            bool numeric = true;
            for (int c = 0; c < parts.Length && numeric; c++)
                numeric = double.TryParse(parts[c], NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]);
            // Only the first line may be a header (column names); later text is an error in the data.
            bool header = first && !numeric && parts.All(p => !double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !(missingAsNaN && IsMissing(p)));
            first = false;
            if (header) continue;
            for (int c = 0; c < parts.Length; c++)
            {
                if (missingAsNaN && IsMissing(parts[c]))
                {
                    row[c] = double.NaN;
                    continue;
                }
                if (!double.TryParse(parts[c], NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]) || !double.IsFinite(row[c]))
                    throw new FormatException($"{path}:{lineNumber}: value {c + 1} '{parts[c]}' is not a finite number{(missingAsNaN ? " (NaN, NA or an empty field marks a missing value)" : "")}.");
            }
            rows.Add((lineNumber, row));
        }
        return rows;
    }

    /// <summary>
    /// The values of a line where a value may be missing: comma-separated fields keep their empty ones (an empty field
    /// is a missing value, as spreadsheets write it); a field, or a line without commas, splits further at whitespace.
    /// </summary>
    private static string[] Fields(string line)
    {
        if (!line.Contains(',')) return line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        var fields = new List<string>();
        foreach (string field in line.Split(','))
        {
            string trimmed = field.Trim();
            if (trimmed.Length == 0) fields.Add("");
            else fields.AddRange(trimmed.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
        }
        return fields.ToArray();
    }

    /// <summary>The spellings of "not measured" in a text table: NaN (any case), NA, or nothing.</summary>
    private static bool IsMissing(string token) =>
        token.Length == 0 || token.Equals("nan", StringComparison.OrdinalIgnoreCase) || token.Equals("na", StringComparison.OrdinalIgnoreCase);
}
