using System;
using System.Collections.Generic;
using System.IO;

namespace DeepestLearning.Cli;

/// <summary>
/// The value of <c>--merge</c>: the output folders of a run's shards, comma-separated, each holding the
/// shard.bin its shard wrote. Read before any work, so a missing or unreadable shard ends the program at once.
/// </summary>
internal static class MergeArgument
{
    public const string Option = "merge";

    /// <summary>Every shard result the folders in <paramref name="text"/> hold, in the order given.</summary>
    public static IReadOnlyList<AnnealingShardResult> Load(string text)
    {
        var shards = new List<AnnealingShardResult>();
        foreach (string folder in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string file = Path.Combine(folder, RunOutcome.ShardFile);
            if (!Directory.Exists(folder)) throw CommandLineException.Invalid(Option, folder, "is not a folder");
            if (!File.Exists(file)) throw CommandLineException.Invalid(Option, folder, $"holds no {RunOutcome.ShardFile} (a shard writes it when it finishes)");
            try
            {
                shards.Add(AnnealingShardResult.Load(file));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw CommandLineException.Invalid(Option, folder, $"holds no usable {RunOutcome.ShardFile} ({e.Message.TrimEnd('.')})");
            }
        }
        if (shards.Count == 0) throw CommandLineException.Invalid(Option, text, "must list the shards' output folders, comma-separated");
        return shards;
    }
}
