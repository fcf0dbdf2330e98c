using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace DeepestLearning.Cli;

/// <summary>
/// What an output folder says about its run. summary.json is written last and only by a finished
/// run; a run that is stopped writes interrupted.json and one that fails writes failed.json instead,
/// each with the levels it completed. Starting a run removes all three, so files of an earlier run
/// never pass for this one's.
/// </summary>
internal static class RunOutcome
{
    public const string Finished = "summary.json";
    public const string Interrupted = "interrupted.json";
    public const string Failed = "failed.json";

    /// <summary>
    /// The annealing's state after its last completed level, rewritten atomically after every level
    /// (<see cref="AnnealingCheckpoint"/>) and removed once summary.json is written; <c>--resume DIR</c> continues from it.
    /// </summary>
    public const string Checkpoint = "checkpoint.bin";

    /// <summary>What a run with <c>--shard K/N</c> leaves in its output folder for <c>--merge</c> (<see cref="AnnealingShardResult"/>), written once the shard is finished.</summary>
    public const string ShardFile = "shard.bin";

    /// <summary>Creates the folder if needed and proves it writable; a folder that is not throws naming <c>--<paramref name="option"/></c>.</summary>
    public static void CheckWritable(string folder, string option)
    {
        try
        {
            if (File.Exists(folder)) throw CommandLineException.Invalid(option, folder, "is a file, not a folder");
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".write-test.{Environment.ProcessId}.{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw CommandLineException.Invalid(option, folder, $"is not a writable folder ({e.Message})");
        }
    }

    /// <summary>Removes the outcome files of an earlier run in <paramref name="folder"/>.</summary>
    public static void Start(string folder)
    {
        foreach (string name in new[] { Finished, Interrupted, Failed })
        {
            string file = Path.Combine(folder, name);
            if (File.Exists(file)) File.Delete(file);
        }
    }

    /// <summary>interrupted.json or failed.json: why the run ended and the levels it completed.</summary>
    public static void WriteStopped(string folder, string file, string model, string reason, IReadOnlyList<CompletedLevel> levels)
    {
        AtomicFile.Write(Path.Combine(folder, file), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteBoolean("finished", false);
            json.WriteString("reason", reason);
            json.WriteNumber("completedLevels", levels.Count);
            json.WriteStartArray("levels");
            foreach (CompletedLevel level in levels)
            {
                json.WriteStartObject();
                json.WriteNumber("beta", level.Beta);
                OutputFiles.WriteFinite(json, "rf", level.Rf);
                OutputFiles.WriteArray(json, "actions", level.Actions);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
