using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DeepestLearning.Samples;

/// <summary>"--name value" command-line options with typed accessors and clear errors.</summary>
public sealed class SampleOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public SampleOptions(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            string key = args[i];
            if (!key.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected '--option value' pairs, got '{key}'.", nameof(args));
            _values[key[2..]] = args[++i];
        }
    }

    public string String(string name, string fallback) => Get(name) ?? fallback;

    public string? Optional(string name) => Get(name);

    public int Int(string name, int fallback) => Get(name) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Bad(name, text, "an integer")
        : fallback;

    public double Double(string name, double fallback) => Get(name) is { } text
        ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw Bad(name, text, "a finite number")
        : fallback;

    public int[] IntList(string name, int[] fallback) => Get(name) is { } text
        ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
              .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Bad(name, text, "a comma-separated list of integers")).ToArray()
        : fallback;

    public double[] DoubleList(string name, double[] fallback) => Get(name) is { } text
        ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
              .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw Bad(name, text, "a comma-separated list of numbers")).ToArray()
        : fallback;

    public Discretization Discretization(string name, Discretization fallback) => Get(name) switch
    {
        null => fallback,
        "euler" => DeepestLearning.Discretization.ForwardEuler,
        "trapezoid" => DeepestLearning.Discretization.Trapezoid,
        "hermite-simpson" => DeepestLearning.Discretization.HermiteSimpson,
        "rk4" => DeepestLearning.Discretization.RungeKutta4,
        string other => throw Bad(name, other, "one of euler|trapezoid|hermite-simpson|rk4"),
    };

    /// <summary>--optimizer lbfgsb|newton|ipopt.</summary>
    public MinimizerKind Optimizer(string name, MinimizerKind fallback) => Get(name) switch
    {
        null => fallback,
        string other => MinimizerKinds.Parse(other, name),
    };

    /// <summary>
    /// The options every twin-experiment sample shares, applied over its standard settings: --data,
    /// --data-every, --noise, --discretization, --starts, --stop, --alpha, --beta-max, --paths, --seed,
    /// --threads, --optimizer (R_f0 is per model: each sample parses its own).
    /// </summary>
    public TwinSettings Annealing(TwinSettings standard) => standard with
    {
        DataFile = Optional("data"),
        DataEvery = Int("data-every", standard.DataEvery),
        Noise = Double("noise", standard.Noise),
        Discretization = Discretization("discretization", standard.Discretization),
        Starts = Starts("starts", standard.Starts),
        StopAtPlateau = StopAtPlateau("stop"),
        Alpha = Double("alpha", standard.Alpha),
        BetaMax = Optional("beta-max") is null ? standard.BetaMax : Int("beta-max", 0),
        Paths = Int("paths", standard.Paths),
        Seed = Int("seed", standard.Seed),
        Threads = Int("threads", standard.Threads),
        Optimizer = Optimizer("optimizer", standard.Optimizer),
    };

    /// <summary>--starts auto|synchronized|uniform (how annealing builds its initial paths).</summary>
    public StartKind Starts(string name, StartKind fallback) => Get(name) switch
    {
        null => fallback,
        "auto" => StartKind.Automatic,
        "synchronized" => StartKind.Synchronized,
        "uniform" => StartKind.Uniform,
        string other => throw Bad(name, other, "one of auto|synchronized|uniform"),
    };

    /// <summary>--stop plateau|beta-max: stop on a settled plateau (default) or always run to β_max.</summary>
    public bool StopAtPlateau(string name) => Get(name) switch
    {
        null or "plateau" => true,
        "beta-max" => false,
        string other => throw Bad(name, other, "plateau or beta-max"),
    };

    /// <summary>Throws if an option was given that the program does not know.</summary>
    public void RejectUnknown()
    {
        foreach (string key in _values.Keys)
            if (!_used.Contains(key)) throw new ArgumentException($"unknown option '--{key}'.", key);
    }

    public static string Name(Discretization d) => d switch
    {
        DeepestLearning.Discretization.ForwardEuler => "euler",
        DeepestLearning.Discretization.Trapezoid => "trapezoid",
        DeepestLearning.Discretization.HermiteSimpson => "hermite-simpson",
        _ => "rk4",
    };

    private string? Get(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out string? v) ? v : null;
    }

    private static ArgumentException Bad(string name, string text, string what) => new($"--{name} '{text}' must be {what}.", name);
}
