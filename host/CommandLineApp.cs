using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using System.Threading;

namespace DeepestLearning.Cli;

/// <summary>
/// Runs a <see cref="CommandLineProgram"/>: parses the command line (<c>--name value</c> and
/// <c>--name=value</c>), answers <c>--help</c>, and turns every failure into one line on standard
/// error. Exit codes: 0 success, 1 a run that failed, 2 a command line the program cannot use,
/// 130/143 a run stopped by SIGINT (Ctrl+C) / SIGTERM.
/// </summary>
public static class CommandLineApp
{
    /// <summary>Exit code of a command line the program cannot use.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code of a run that started and failed.</summary>
    public const int RunFailed = 1;

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="program"/>'s options and runs its body.
    /// Without a <paramref name="console"/> the program is the process: it writes to the standard
    /// streams, and SIGINT/SIGTERM cancel the body's token (a second Ctrl+C ends the process at once).
    /// </summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="program">Description, options and body.</param>
    /// <param name="console">Where to write, or null for the standard streams and signal handling.</param>
    /// <param name="cancellation">Stops the body in addition to the signals.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, CommandLineProgram program, CommandLineConsole? console = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(program);
        CommandLineConsole io = console ?? CommandLineConsole.Standard;
        var root = new RootCommand(program.Description);
        foreach (Option option in program.Options) root.Options.Add(option);

        ParseResult parsed = root.Parse(args);
        if (parsed.Action is HelpAction)
            return parsed.Invoke(new InvocationConfiguration { Output = io.Output, Error = io.Error, EnableDefaultExceptionHandler = false });
        if (ParseProblem(parsed, root) is { } problem)
            return Fail(io, problem, UsageError);

        using var signals = console is null ? TerminationSignals.Listen(cancellation) : TerminationSignals.None(cancellation);
        try
        {
            return program.Body(new CommandLineValues(parsed), signals.Token);
        }
        catch (Exception error)
        {
            Exception cause = Unwrap(error);
            if (cause is OperationCanceledException && signals.Token.IsCancellationRequested)
                return Fail(io, $"interrupted ({signals.Reason}); completed work is in interrupted.json where the program writes one.", signals.ExitCode);
            if (cause is CommandLineException usage) return Fail(io, usage.Message, UsageError);
            return Fail(io, "the run failed: " + Describe(cause), RunFailed);
        }
    }

    /// <summary>The first problem of the parse as one line, or null if the command line parsed cleanly.</summary>
    private static string? ParseProblem(ParseResult parsed, RootCommand root)
    {
        string? unknown = parsed.UnmatchedTokens.FirstOrDefault();
        if (unknown is not null)
        {
            string[] names = root.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToArray();
            string? suggestion = unknown.StartsWith('-') ? TypoSuggestion.Closest(unknown.Split('=')[0], names) : null;
            return unknown.StartsWith('-')
                ? $"unknown option '{unknown}'" + (suggestion is null ? "; --help lists the options." : $"; did you mean {suggestion}?")
                : $"unexpected value '{unknown}': every value follows its option (--name value or --name=value).";
        }
        foreach (OptionResult option in parsed.CommandResult.Children.OfType<OptionResult>())
            if (option.IdentifierTokenCount > 1) return $"{option.Option.Name} is given {option.IdentifierTokenCount} times; give it once.";
        if (parsed.Errors.Count > 0) return OneLine(parsed.Errors[0].Message);
        return null;
    }

    private static int Fail(CommandLineConsole io, string message, int code)
    {
        io.Error.WriteLine("error: " + OneLine(message));
        io.Error.Flush();
        return code;
    }

    /// <summary>A task or parallel loop wraps the real error; the user must see the real one.</summary>
    private static Exception Unwrap(Exception error)
    {
        while (error is AggregateException aggregate && aggregate.InnerExceptions.Count > 0) error = aggregate.Flatten().InnerExceptions[0];
        return error;
    }

    private static string Describe(Exception error) => error switch
    {
        // The parameter suffix "(Parameter 'x')" names a C# argument, not anything the user typed.
        ArgumentException argument when argument.ParamName is not null => argument.Message.Replace($" (Parameter '{argument.ParamName}')", "", StringComparison.Ordinal),
        DllNotFoundException missing => $"a native library is missing ({missing.Message})",
        IOException or UnauthorizedAccessException or ArgumentException or FormatException or InvalidOperationException => error.Message,
        _ => $"{error.GetType().Name}: {error.Message}",
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
