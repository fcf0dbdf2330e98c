using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace DeepestLearning.Cli;

/// <summary>
/// <c>--initial-path FILE[,FILE…]</c> and <c>--initial-parameters LIST</c>: starts the user already has. A file is
/// either the <c>path.csv</c> of an earlier run — its <c>estimate_0 … estimate_{D−1}</c> columns on the rows whose
/// phase is <c>estimate</c> (the window; prediction rows and every other column are ignored), its parameters from the
/// <c>summary.json</c> beside it — or a plain table (text or <c>.npy</c>) of D columns, optionally after a time column,
/// one row per grid point of the window. Every problem is a <see cref="CommandLineException"/> naming the option.
/// </summary>
internal static class InitialPathFile
{
    public const string Option = "initial-path";
    public const string ParametersOption = "initial-parameters";

    /// <summary>The parameters of <c>--initial-parameters</c>: one finite number per model parameter.</summary>
    public static double[] ParseParameters(string text, string[] names)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int k = 0; k < parts.Length; k++)
            if (!double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
                throw CommandLineException.Invalid(ParametersOption, text, $"must be a comma-separated list of finite numbers ('{parts[k]}' is not one)");
        if (values.Length != names.Length)
            throw CommandLineException.Invalid(ParametersOption, text, $"has {values.Length} value{(values.Length == 1 ? "" : "s")}; the model has {names.Length} parameters ({string.Join(", ", names)})");
        return values;
    }

    /// <summary>Every file of <c>--initial-path</c>, in start order: the states on the grid ((steps + 1) × D) and the full parameter vector.</summary>
    /// <param name="list">The option's value: comma-separated files.</param>
    /// <param name="s">The run's settings (grid, paths, parameter names and bounds).</param>
    /// <param name="states">D, the model's number of state components.</param>
    /// <param name="parameters">The <c>--initial-parameters</c> values, or null to take them from each file's summary.json.</param>
    /// <param name="notes">Receives what was read from where and what lies outside the bounds.</param>
    public static (double[] States, double[] Parameters)[] ReadAll(string list, TwinSettings s, int states, double[]? parameters, TextWriter notes)
    {
        string[] files = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (files.Length > s.Paths)
            throw CommandLineException.Invalid(Option, list, $"names {files.Length} files for --paths {s.Paths} starts; give at most one per start");
        var paths = new (double[], double[])[files.Length];
        for (int k = 0; k < files.Length; k++)
        {
            double[] grid;
            double[] theta;
            try
            {
                grid = ReadStates(files[k], states, s.Steps, s.Dt);
                theta = parameters ?? ParametersBeside(files[k], s.ParameterNames);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or JsonException)
            {
                throw new CommandLineException(Option, $"--{Option}: {e.Message}");
            }
            if (parameters is null) notes.WriteLine($"note: --{Option} {files[k]}: parameters {Format(theta)} from {SummaryBeside(files[k])}.");
            NoteOutsideBounds(files[k], grid, theta, s, states, notes);
            paths[k] = (grid, theta);
        }
        return paths;
    }

    /// <summary>The window's states of one file, (steps + 1) × D row-major, every value finite.</summary>
    private static double[] ReadStates(string file, int states, int steps, double dt)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"'{file}' does not exist.", file);
        List<double[]> rows = IsPathCsv(file) ? ReadPathCsv(file, states, dt) : DataFile.Read(file, states, dt);
        if (rows.Count != steps + 1)
            throw new FormatException($"{file} holds {rows.Count} grid points of the window; --steps {steps} needs {steps + 1} (the earlier run's --steps and --dt must be this run's).");
        return rows.SelectMany(r => r).ToArray();
    }

    /// <summary>Whether the first line of <paramref name="file"/> names estimate_ columns (the host's own path.csv).</summary>
    private static bool IsPathCsv(string file)
    {
        if (file.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) return false;
        string? header = File.ReadLines(file).Select(Uncommented).FirstOrDefault(l => l.Length > 0);
        return header is not null && header.Split(',').Any(f => IsEstimateColumn(f.Trim()));
    }

    /// <summary>"estimate_" and a state index: a column of the estimated path (other columns, e.g. of uncertainties, may follow the prefix with more text).</summary>
    private static bool IsEstimateColumn(string name) =>
        name.StartsWith("estimate_", StringComparison.Ordinal) && name.Length > "estimate_".Length && name.AsSpan("estimate_".Length).IndexOfAnyExceptInRange('0', '9') < 0;

    private static string Uncommented(string raw)
    {
        int hash = raw.IndexOf('#');
        return (hash >= 0 ? raw[..hash] : raw).Trim();
    }

    /// <summary>The estimate_ columns of a path.csv on its window rows, the time column (when present) checked against the grid.</summary>
    private static List<double[]> ReadPathCsv(string file, int states, double dt)
    {
        var rows = new List<double[]>();
        int[]? columns = null;
        int phase = -1, time = -1, lineNumber = 0;
        foreach (string raw in File.ReadLines(file))
        {
            lineNumber++;
            string line = Uncommented(raw);
            if (line.Length == 0) continue;
            string[] fields = line.Split(',').Select(f => f.Trim()).ToArray();
            if (columns is null)
            {
                int found = fields.Count(IsEstimateColumn);
                if (found != states)
                    throw new FormatException($"{file} has {found} estimate_ columns; the model has {states} states (a path of another model?).");
                columns = new int[states];
                for (int a = 0; a < states; a++)
                {
                    columns[a] = Array.IndexOf(fields, $"estimate_{a}");
                    if (columns[a] < 0) throw new FormatException($"{file}: no column estimate_{a} in the header.");
                }
                phase = Array.IndexOf(fields, "phase");
                time = Array.IndexOf(fields, "time");
                continue;
            }
            if (phase >= 0 && phase < fields.Length && fields[phase] != "estimate") continue; // the prediction after the window
            var row = new double[states];
            for (int a = 0; a < states; a++)
            {
                string text = columns[a] < fields.Length ? fields[columns[a]] : "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out row[a]) || !double.IsFinite(row[a]))
                    throw new FormatException($"{file}:{lineNumber}: estimate_{a} is '{text}', not a finite number; an initial path must be complete.");
            }
            if (time >= 0)
            {
                int n = rows.Count;
                string text = time < fields.Length ? fields[time] : "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) || Math.Abs(t - n * dt) > 1e-6 * Math.Max(dt, Math.Abs(n * dt)))
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{file}:{lineNumber}: time '{text}' is not grid time {n} × Δt = {n * dt} (the earlier run's --dt must be this run's)."));
            }
            rows.Add(row);
        }
        if (columns is null) throw new FormatException($"{file}: no header line.");
        return rows;
    }

    private static string SummaryBeside(string file) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", "summary.json");

    /// <summary>The best parameters an earlier run wrote into the summary.json beside its path.csv; its parameter names must be this model's.</summary>
    private static double[] ParametersBeside(string file, string[] names)
    {
        string summary = SummaryBeside(file);
        if (!File.Exists(summary))
            throw new FileNotFoundException($"{file}: no parameters — there is no summary.json beside it; give them with --{ParametersOption}.", summary);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(summary));
        if (!document.RootElement.TryGetProperty("best", out JsonElement best)
            || !best.TryGetProperty("parameters", out JsonElement values) || !best.TryGetProperty("parameterNames", out JsonElement written))
            throw new FormatException($"{summary} has no best.parameters and best.parameterNames; give the parameters with --{ParametersOption}.");
        string[] writtenNames = written.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
        if (!writtenNames.SequenceEqual(names))
            throw new FormatException($"{summary} is a run of parameters ({string.Join(", ", writtenNames)}), not this model's ({string.Join(", ", names)}).");
        double[] parameters = values.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN).ToArray();
        if (parameters.Length != names.Length || parameters.Any(v => !double.IsFinite(v)))
            throw new FormatException($"{summary}: best.parameters is not {names.Length} finite numbers; give them with --{ParametersOption}.");
        return parameters;
    }

    /// <summary>Annealing moves values outside the box onto it (minimizers start inside their bounds); the user hears how many and how far.</summary>
    private static void NoteOutsideBounds(string file, double[] grid, double[] theta, TwinSettings s, int states, TextWriter notes)
    {
        int count = 0;
        double largest = 0;
        void Check(double value, double lower, double upper)
        {
            double distance = Math.Max(lower - value, value - upper);
            if (!(distance > 0)) return;
            count++;
            largest = Math.Max(largest, distance);
        }
        for (int i = 0; i < grid.Length; i++) Check(grid[i], s.StateLower[i % states], s.StateUpper[i % states]);
        for (int k = 0; k < theta.Length; k++) Check(theta[k], s.ParameterLower[k], s.ParameterUpper[k]);
        if (count > 0)
            notes.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note: --{Option} {file}: {count} value{(count == 1 ? " lies" : "s lie")} outside the bounds (by up to {largest:G4}); the start moves {(count == 1 ? "it" : "them")} onto the bounds."));
    }

    private static string Format(double[] values) => string.Join(", ", values.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
}
