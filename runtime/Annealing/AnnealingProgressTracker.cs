using System;
using System.Diagnostics;

namespace DeepestLearning;

/// <summary>
/// Counts finished (path, β) minimizations across parallel paths and reports each with the best action
/// at its β so far; shared by model and network annealing. Does nothing without a progress sink.
/// </summary>
internal sealed class AnnealingProgressTracker
{
    private readonly IProgress<AnnealingProgress>? _progress;
    private readonly Stopwatch _watch;
    private readonly double[] _bestAtBeta;
    private readonly int _total;
    private readonly object _gate = new();
    private int _completed;

    public AnnealingProgressTracker(IProgress<AnnealingProgress>? progress, int paths, int levels, Stopwatch watch)
    {
        _progress = progress;
        _watch = watch;
        _total = paths * levels;
        _bestAtBeta = new double[levels];
        Array.Fill(_bestAtBeta, double.PositiveInfinity);
    }

    public void Completed(int path, int beta, double rf, double action)
    {
        if (_progress is null) return;
        AnnealingProgress report;
        lock (_gate)
        {
            _completed++;
            _bestAtBeta[beta] = Math.Min(_bestAtBeta[beta], action);
            report = new AnnealingProgress(path, beta, rf, action, _bestAtBeta[beta], _completed, _total, _watch.Elapsed);
        }
        _progress.Report(report);
    }
}
