using System;
using System.IO;

namespace DeepestLearning.Cli;

/// <summary>
/// Where a hosted program writes: its help and results to <see cref="Output"/>, its one-line
/// errors to <see cref="Error"/>. Tests pass string writers; programs use <see cref="Standard"/>.
/// </summary>
/// <param name="Output">Help text and other plain output.</param>
/// <param name="Error">Error lines (exactly one per failed run).</param>
public sealed record CommandLineConsole(TextWriter Output, TextWriter Error)
{
    /// <summary>The process's standard output and standard error.</summary>
    public static CommandLineConsole Standard => new(Console.Out, Console.Error);
}
