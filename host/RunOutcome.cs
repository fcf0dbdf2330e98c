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

    /// <summary>
    /// <c>--resume DIR</c>: the folder the run continues in, which must hold a checkpoint and is also the output folder
    /// (an explicit <c>--out</c> must name the same folder).
    /// </summary>
    public static string ResumeFolder(string folder, string outDir, bool outGiven)
    {
        if (outGiven && Path.GetFullPath(outDir) != Path.GetFullPath(folder))
            throw CommandLineException.Invalid("resume", folder, $"differs from --out {outDir}; a resumed run writes into the folder it continues");
        if (!File.Exists(Path.Combine(folder, Checkpoint)))
            throw CommandLineException.Invalid("resume", folder, $"holds no {Checkpoint} (only an interrupted run leaves one)");
        return folder;
    }

    /// <summary>The checkpoint <c>--resume</c> continues from; a missing or unreadable one is a command-line error.</summary>
    public static AnnealingCheckpoint LoadCheckpoint(string file)
    {
        try
        {
            return AnnealingCheckpoint.Load(file);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CommandLineException("resume", $"--resume: no usable checkpoint at {file} ({e.Message}).");
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
