using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;

namespace DeepestLearning.Cli;

/// <summary>The parsed command line as a hosted program's body and its extensions read it.</summary>
public sealed class CommandLineValues
{
    private readonly ParseResult _parsed;

    internal CommandLineValues(ParseResult parsed)
    {
        _parsed = parsed;
    }

    /// <summary>The value of <paramref name="option"/>: the one given, else its default.</summary>
    /// <typeparam name="T">The option's value type.</typeparam>
    /// <param name="option">An option of the running command.</param>
    public T? Get<T>(Option<T> option) => _parsed.GetValue(option);

    /// <summary>The value of the option named <c>--<paramref name="name"/></c>: the one given, else its default.</summary>
    /// <typeparam name="T">The option's value type.</typeparam>
    /// <param name="name">The option's name without the leading dashes.</param>
    public T? Get<T>(string name) => _parsed.GetValue<T>("--" + name);

    /// <summary>Whether the user gave <c>--<paramref name="name"/></c> (a default does not count).</summary>
    /// <param name="name">The option's name without the leading dashes.</param>
    public bool IsGiven(string name) => Find(name) is { Implicit: false };

    private OptionResult? Find(string name) =>
        _parsed.CommandResult.Children.OfType<OptionResult>().FirstOrDefault(r => string.Equals(r.Option.Name, "--" + name, StringComparison.Ordinal));
}
