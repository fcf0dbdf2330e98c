using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Threading;

namespace DeepestLearning.Cli;

/// <summary>
/// A program for <see cref="CommandLineApp.Run"/>: a description for <c>--help</c>, its options, and
/// the body that runs once the command line has parsed. The body reports bad values by throwing
/// <see cref="CommandLineException"/> and stops when the token is cancelled (Ctrl+C, SIGTERM).
/// </summary>
/// <param name="Description">The first paragraph of <c>--help</c>.</param>
/// <param name="Options">The options, each named <c>--name</c>.</param>
/// <param name="Body">Runs the program and returns its exit code.</param>
public sealed record CommandLineProgram(string Description, IReadOnlyList<Option> Options, Func<CommandLineValues, CancellationToken, int> Body);
