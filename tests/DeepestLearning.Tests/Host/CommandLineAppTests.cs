using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DeepestLearning.Cli;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>CommandLineApp: whatever a body throws, the user sees one line and an exit code — never a wrapper exception or a stack trace.</summary>
public class CommandLineAppTests
{
    private static (int Code, string Error) Run(string[] args, Func<CommandLineValues, CancellationToken, int> body, CancellationToken cancellation = default)
    {
        var error = new StringWriter();
        Option<int> paths = HostOptions.Integer("paths", "starts", 1);
        int code = CommandLineApp.Run(args, new CommandLineProgram("test", new Option[] { paths }, body), new CommandLineConsole(new StringWriter(), error), cancellation);
        return (code, error.ToString());
    }

    [Fact]
    public void AnAggregateExceptionShowsItsInnerErrorOnOneLine()
    {
        (int code, string error) = Run(Array.Empty<string>(), (_, _) =>
        {
            Parallel.For(0, 2, k => throw new ArgumentException("start 1 diverged", "x"));
            return 0;
        });
        Assert.Equal(CommandLineApp.RunFailed, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("start 1 diverged", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Aggregate", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ACommandLineExceptionFromTheBodyIsAUsageError()
    {
        (int code, string error) = Run(new[] { "--paths", "3" }, (values, _) => throw CommandLineException.Invalid("paths", 3, "must be even"));
        Assert.Equal(CommandLineApp.UsageError, code);
        Assert.Equal("error: --paths '3' must be even.", error.Trim());
    }

    [Fact]
    public void AStrayValueIsRejected()
    {
        (int code, string error) = Run(new[] { "3" }, (_, _) => 0);
        Assert.Equal(CommandLineApp.UsageError, code);
        Assert.Contains("'3'", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void ACancelledTokenEndsTheRunWithExitCode130()
    {
        using var source = new CancellationTokenSource();
        (int code, string error) = Run(Array.Empty<string>(), (_, token) =>
        {
            source.Cancel();
            token.ThrowIfCancellationRequested();
            return 0;
        }, source.Token);
        Assert.Equal(130, code);
        Assert.Contains("interrupted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BothValueSyntaxesReachTheBody()
    {
        foreach (string[] args in new[] { new[] { "--paths", "7" }, new[] { "--paths=7" } })
        {
            int seen = 0;
            (int code, _) = Run(args, (values, _) =>
            {
                seen = values.Get<int>("paths");
                return 0;
            });
            Assert.Equal(0, code);
            Assert.Equal(7, seen);
        }
    }
}
