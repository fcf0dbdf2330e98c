using System;
using System.Threading;

namespace DeepestLearning.Tests;

/// <summary>
/// Cancels an annealing run once a start reports level <c>beta</c>. Annealing reports progress
/// synchronously on the minimizing thread, so the cancel lands at a known level (a
/// <see cref="Progress{T}"/> would post the report and cancel at some later, random point).
/// </summary>
internal sealed class CancelAtLevel(int beta, CancellationTokenSource source) : IProgress<AnnealingProgress>
{
    public void Report(AnnealingProgress value)
    {
        if (value.Beta >= beta) source.Cancel();
    }
}
