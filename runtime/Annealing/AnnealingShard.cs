using System;

namespace DeepestLearning;

/// <summary>
/// One of <see cref="Count"/> equal parts of a run's starts, for spreading a run over processes or
/// machines (<see cref="PrecisionAnnealing.RunShard{TModel}"/>, then <see cref="PrecisionAnnealing.Merge{TModel}"/>).
/// Shard <see cref="Index"/> anneals a contiguous block of starts; the blocks of shards 0 … Count − 1
/// cover every start once and differ in size by at most one.
/// </summary>
public sealed record AnnealingShard
{
    /// <summary>Shard <paramref name="index"/> (from 0) of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1, or <paramref name="index"/> is not in 0 … count − 1.</exception>
    public AnnealingShard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"a shard index runs from 0 to {count - 1}.");
        Index = index;
        Count = count;
    }

    /// <summary>Which shard this is, from 0 (a command line counts from 1).</summary>
    public int Index { get; }

    /// <summary>How many shards share the run's starts.</summary>
    public int Count { get; }

    /// <summary>The first start of this shard's block among <paramref name="paths"/> starts.</summary>
    /// <param name="paths">The run's number of starts (<see cref="AnnealingOptions.Paths"/>).</param>
    public int FirstStart(int paths) => (int)((long)paths * Index / Count);

    /// <summary>How many starts this shard anneals among <paramref name="paths"/> (none when there are fewer starts than shards).</summary>
    /// <param name="paths">The run's number of starts (<see cref="AnnealingOptions.Paths"/>).</param>
    public int StartCount(int paths) => (int)((long)paths * (Index + 1) / Count) - FirstStart(paths);

    /// <summary>"2/3": the shard counted from 1, as a command line and messages write it.</summary>
    public override string ToString() => $"{Index + 1}/{Count}";
}
