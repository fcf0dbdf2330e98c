using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace DeepestLearning.Samples;

/// <summary>Reads whitespace- or comma-separated numeric tables with '#' comments.</summary>
public static class DataFile
{
    /// <summary>Rows of numbers; every row must have <paramref name="columns"/> values (any count when negative).</summary>
    public static List<double[]> Read(string path, int columns)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file '{path}' does not exist.", path);
        var rows = new List<double[]>();
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            int hash = raw.IndexOf('#');
            string line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0) continue;
            string[] parts = line.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries);
            if (columns >= 0 && parts.Length != columns)
                throw new FormatException($"{path}:{lineNumber}: expected {columns} values, found {parts.Length}.");
            var row = new double[parts.Length];
            for (int c = 0; c < parts.Length; c++)
                if (!double.TryParse(parts[c], NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]) || !double.IsFinite(row[c]))
                    throw new FormatException($"{path}:{lineNumber}: value {c + 1} '{parts[c]}' is not a finite number.");
            rows.Add(row);
        }
        if (rows.Count == 0) throw new FormatException($"{path}: no data rows.");
        return rows;
    }
}
