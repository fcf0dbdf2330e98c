using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DeepestLearning.Benchmarks.Battery;

/// <summary>The stress battery's "--name value" options (the samples' command line is the DeepestLearning.Cli host).</summary>
public sealed class BatteryOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public BatteryOptions(string[] args)
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

    public int[] IntList(string name, int[] fallback) => Get(name) is { } text
        ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
              .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Bad(name, text, "a comma-separated list of integers")).ToArray()
        : fallback;

    /// <summary>Throws if an option was given that the program does not know.</summary>
    public void RejectUnknown()
    {
        foreach (string key in _values.Keys)
            if (!_used.Contains(key)) throw new ArgumentException($"unknown option '--{key}'.", key);
    }

    private string? Get(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out string? v) ? v : null;
    }

    private static ArgumentException Bad(string name, string text, string what) => new($"--{name} '{text}' must be {what}.", name);
}
