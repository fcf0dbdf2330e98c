using System;

namespace DeepestLearning.Cli;

/// <summary>
/// A command-line value the program cannot use. The host prints its message as one line on
/// standard error and exits with code 2; the message always names the option, so the user knows
/// what to change.
/// </summary>
public sealed class CommandLineException : Exception
{
    /// <summary>An error about option <c>--<paramref name="option"/></c>; <paramref name="message"/> must name it.</summary>
    /// <param name="option">The option's name without the leading dashes, e.g. <c>paths</c>.</param>
    /// <param name="message">One line that says what is wrong and what is accepted.</param>
    public CommandLineException(string option, string message) : base(message)
    {
        Option = option;
    }

    /// <summary>The option's name without the leading dashes.</summary>
    public string Option { get; }

    /// <summary>"--<paramref name="option"/> '<paramref name="value"/>' <paramref name="requirement"/>." — the usual form of a bad value.</summary>
    /// <param name="option">The option's name without the leading dashes.</param>
    /// <param name="value">The value as the user gave it (or as the program understood it).</param>
    /// <param name="requirement">What a valid value is, e.g. "must be at least 1".</param>
    public static CommandLineException Invalid(string option, object? value, string requirement) =>
        new(option, FormattableString.Invariant($"--{option} '{value}' {requirement}."));
}
