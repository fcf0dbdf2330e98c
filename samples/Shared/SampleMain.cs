using System;
using System.IO;
using Spectre.Console;

namespace DeepestLearning.Samples;

/// <summary>The samples' entry point: runs the body and turns bad input into one red line and exit code 2.</summary>
public static class SampleMain
{
    /// <summary>
    /// Wrong options, unreadable data files and a missing native library (IPOPT) are the user's to
    /// fix: they get the message, not a stack trace. Anything else is a bug and propagates.
    /// </summary>
    public static int Run(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
    }
}
