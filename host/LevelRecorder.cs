using System;
using System.Collections.Generic;
using System.Linq;

namespace DeepestLearning.Cli;

/// <summary>
/// Keeps the annealing's finished levels as the progress reports arrive, so an interrupted or
/// failed run can still say what it completed (the library returns nothing from a cancelled run).
/// </summary>
internal sealed class LevelRecorder : IProgress<AnnealingProgress>
{
    private readonly object _gate = new();
    private readonly SortedDictionary<int, (double Rf, SortedDictionary<int, double> Actions)> _levels = new();

    public void Report(AnnealingProgress value)
    {
        lock (_gate)
        {
            if (!_levels.TryGetValue(value.Beta, out var level))
            {
                level = (value.Rf, new SortedDictionary<int, double>());
                _levels[value.Beta] = level;
            }
            level.Actions[value.Path] = value.Action;
        }
    }

    /// <summary>The levels every one of <paramref name="paths"/> starts has finished, in β order.</summary>
    public IReadOnlyList<CompletedLevel> Completed(int paths)
    {
        lock (_gate)
            return _levels.Where(l => l.Value.Actions.Count == paths)
                .Select(l => new CompletedLevel(l.Key, l.Value.Rf, l.Value.Actions.Values.ToArray())).ToList();
    }
}

/// <summary>One finished β level: R_f and every start's action.</summary>
internal sealed record CompletedLevel(int Beta, double Rf, double[] Actions);
