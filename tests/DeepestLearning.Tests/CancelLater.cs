using System;
using System.Diagnostics;
using System.Threading;

namespace DeepestLearning.Tests;

/// <summary>
/// Cancels a token from a dedicated thread after a delay and measures how long the cancelled work
/// then takes to stop. A timer-based <see cref="CancellationTokenSource"/> would cancel from the
/// thread pool, which parallel tests can starve for many seconds (that made a cancellation test
/// report 23 s "to land" in CI); the latency that matters starts at the Cancel call.
/// </summary>
internal sealed class CancelLater : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly Thread _thread;
    private long _cancelledAt;

    public CancelLater(TimeSpan delay)
    {
        _thread = new Thread(() =>
        {
            Thread.Sleep(delay);
            Interlocked.Exchange(ref _cancelledAt, Stopwatch.GetTimestamp());
            _source.Cancel();
        }) { IsBackground = true };
        _thread.Start();
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Time from the Cancel call until now (call it where the cancelled work has stopped).</summary>
    public TimeSpan SinceCancel => Stopwatch.GetElapsedTime(Interlocked.Read(ref _cancelledAt));

    public void Dispose()
    {
        _thread.Join();
        _source.Dispose();
    }
}
