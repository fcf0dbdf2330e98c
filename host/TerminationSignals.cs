using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace DeepestLearning.Cli;

/// <summary>
/// Turns SIGINT (Ctrl+C) and SIGTERM into a cancelled token, so the run stops at its next check and
/// the program can write what it finished. A second SIGINT is not intercepted: it ends the process.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration? _terminate;
    private readonly bool _listening;
    private int _exitCode = 130;

    private TerminationSignals(CancellationToken outer, bool listen)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _listening = listen;
        if (!listen) return;
        Console.CancelKeyPress += OnCancelKeyPress;
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true; // the process stays up until the body has returned
            Stop(143, "SIGTERM");
        });
    }

    /// <summary>Cancelled by a signal or by the caller's token.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>130 after SIGINT (or a cancelled caller token), 143 after SIGTERM.</summary>
    public int ExitCode => _exitCode;

    /// <summary>What stopped the run, for the error line.</summary>
    public string Reason { get; private set; } = "cancelled";

    /// <summary>Signals of the process cancel the token.</summary>
    public static TerminationSignals Listen(CancellationToken outer) => new(outer, listen: true);

    /// <summary>Only <paramref name="outer"/> cancels the token (in-process hosts and tests).</summary>
    public static TerminationSignals None(CancellationToken outer) => new(outer, listen: false);

    public void Dispose()
    {
        if (_listening) Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate?.Dispose();
        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return; // the second Ctrl+C: let the runtime end the process
        e.Cancel = true;
        Stop(130, "Ctrl+C");
    }

    private void Stop(int exitCode, string reason)
    {
        _exitCode = exitCode;
        Reason = reason;
        _source.Cancel();
    }
}
