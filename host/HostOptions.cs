using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;

namespace DeepestLearning.Cli;

/// <summary>
/// Options whose parse errors name the option and say what is accepted, in one line
/// ("--paths 'x' must be an integer."); numbers are read in the invariant culture.
/// </summary>
public static class HostOptions
{
    /// <summary>An integer option <c>--<paramref name="name"/></c>.</summary>
    /// <param name="name">The name without the leading dashes.</param>
    /// <param name="description">One line for <c>--help</c>.</param>
    /// <param name="defaultValue">The value without the option (shown by <c>--help</c>).</param>
    public static Option<int> Integer(string name, string description, int defaultValue)
    {
        var option = new Option<int>("--" + name) { Description = description, HelpName = "N", DefaultValueFactory = _ => defaultValue };
        option.CustomParser = result => Parse<int>(result, name, "an integer", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null);
        return option;
    }

    /// <summary>An integer option <c>--<paramref name="name"/></c> whose absence means "let the program choose" (null).</summary>
    /// <param name="name">The name without the leading dashes.</param>
    /// <param name="description">One line for <c>--help</c>, saying what happens without it.</param>
    public static Option<int?> OptionalInteger(string name, string description)
    {
        var option = new Option<int?>("--" + name) { Description = description, HelpName = "N" };
        option.CustomParser = result => Parse<int?>(result, name, "an integer", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null);
        return option;
    }

    /// <summary>A number option <c>--<paramref name="name"/></c>; NaN and infinities are rejected.</summary>
    /// <param name="name">The name without the leading dashes.</param>
    /// <param name="description">One line for <c>--help</c>.</param>
    /// <param name="defaultValue">The value without the option (shown by <c>--help</c>).</param>
    public static Option<double> Number(string name, string description, double defaultValue)
    {
        var option = new Option<double>("--" + name) { Description = description, HelpName = "X", DefaultValueFactory = _ => defaultValue };
        option.CustomParser = result => Parse<double>(result, name, "a finite number", text => ParseFinite(text));
        return option;
    }

    /// <summary>A number option <c>--<paramref name="name"/></c> whose absence means "let the program choose" (null).</summary>
    /// <param name="name">The name without the leading dashes.</param>
    /// <param name="description">One line for <c>--help</c>, saying what happens without it.</param>
    public static Option<double?> OptionalNumber(string name, string description)
    {
        var option = new Option<double?>("--" + name) { Description = description, HelpName = "X" };
        option.CustomParser = result => Parse<double?>(result, name, "a finite number", text => ParseFinite(text));
        return option;
    }

    /// <summary>A comma-separated list of numbers <c>--<paramref name="name"/></c>, e.g. <c>0,1,-2.5</c>.</summary>
    /// <param name="name">The name without the leading dashes.</param>
    /// <param name="description">One line for <c>--help</c>.</param>
    /// <param name="defaultValue">The list without the option.</param>
    public static Option<double[]> NumberList(string name, string description, double[] defaultValue)
    {
        var option = new Option<double[]>("--" + name) { Description = description, HelpName = "LIST", DefaultValueFactory = _ => defaultValue, Arity = ArgumentArity.ExactlyOne };
        option.CustomParser = result => Parse<double[]>(result, name, "a comma-separated list of finite numbers", text =>
        {
            double?[] values = text.Split(',', StringSplitOptions.TrimEntries).Select(ParseFinite).ToArray();
            return values.Length > 0 && values.All(v => v is not null) ? values.Select(v => v!.Value).ToArray() : null;
        });
        return option;
    }

    /// <summary>A comma-separated list of integers <c>--<paramref name="name"/></c>, e.g. <c>0,1,3</c>.</summary>
    /// <param name="name">The name without the leading dashes.</param>
    /// <param name="description">One line for <c>--help</c>.</param>
    /// <param name="defaultValue">The list without the option.</param>
    public static Option<int[]> IntegerList(string name, string description, int[] defaultValue)
    {
        var option = new Option<int[]>("--" + name) { Description = description, HelpName = "LIST", DefaultValueFactory = _ => defaultValue, Arity = ArgumentArity.ExactlyOne };
        option.CustomParser = result => Parse<int[]>(result, name, "a comma-separated list of integers", text =>
        {
            int?[] values = text.Split(',', StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : (int?)null).ToArray();
            return values.Length > 0 && values.All(v => v is not null) ? values.Select(v => v!.Value).ToArray() : null;
        });
        return option;
    }

    /// <summary>A text option <c>--<paramref name="name"/></c> (a path, a name); an empty value is rejected.</summary>
    /// <param name="name">The name without the leading dashes.</param>
    /// <param name="helpName">The value's placeholder in <c>--help</c>, e.g. <c>FILE</c>.</param>
    /// <param name="description">One line for <c>--help</c>.</param>
    /// <param name="defaultValue">The value without the option, or null for none.</param>
    public static Option<string?> Text(string name, string helpName, string description, string? defaultValue = null)
    {
        var option = new Option<string?>("--" + name) { Description = description, HelpName = helpName };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.CustomParser = result => Parse<string?>(result, name, "a non-empty value", text => text.Trim().Length > 0 ? text : null);
        return option;
    }

    /// <summary>One of a fixed set of words <c>--<paramref name="name"/></c>, listed by <c>--help</c>.</summary>
    /// <param name="name">The name without the leading dashes.</param>
    /// <param name="description">One line for <c>--help</c>.</param>
    /// <param name="defaultValue">The word without the option.</param>
    /// <param name="choices">The accepted words.</param>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>("--" + name) { Description = description, HelpName = string.Join('|', choices), DefaultValueFactory = _ => defaultValue };
        option.CustomParser = result => Parse<string>(result, name, "one of " + string.Join(", ", choices), text => choices.Contains(text, StringComparer.Ordinal) ? text : null);
        return option;
    }

    /// <summary>Accepts <c>--<paramref name="alias"/></c> as well (an earlier name of the option, so scripts keep working).</summary>
    public static Option<T> WithAlias<T>(this Option<T> option, string alias)
    {
        option.Aliases.Add("--" + alias);
        return option;
    }

    private static double? ParseFinite(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    /// <summary>Reads the option's single token with <paramref name="read"/> (null: not valid), else records one error naming the option.</summary>
    private static T Parse<T>(ArgumentResult result, string name, string what, Func<string, object?> read)
    {
        if (result.Tokens.Count != 1)
        {
            result.AddError($"--{name} needs exactly one value ({what}).");
            return default!;
        }
        string text = result.Tokens[0].Value;
        object? value = read(text);
        if (value is null)
        {
            result.AddError($"--{name} '{text}' must be {what}.");
            return default!;
        }
        return (T)value;
    }
}
