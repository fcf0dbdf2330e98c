using System;
using System.Collections.Generic;
using System.IO;

namespace DeepestLearning;

/// <summary>
/// Everything a run needs to continue after its last completed β: the levels so far and every
/// start's path at that β. Minimizers start each level afresh and the starts are the only random
/// part of a run, so a run resumed from a checkpoint ends bit-identical to one never interrupted.
/// A checkpoint carries a fingerprint of the problem and the options that shape the result
/// (<see cref="PrecisionAnnealing"/> refuses one written for another run), and is written in a
/// versioned little-endian binary format whose doubles round-trip exactly.
/// </summary>
public sealed class AnnealingCheckpoint
{
    private const uint Magic = 0x4B434C44; // "DLCK"
    private const int FormatVersion = 1;

    internal AnnealingCheckpoint(ulong fingerprint, AnnealingLevel[] levels, double[][] paths, double[][] visitedBetas, TimeSpan elapsed)
    {
        Fingerprint = fingerprint;
        Levels = levels;
        Paths = paths;
        VisitedBetas = visitedBetas;
        Elapsed = elapsed;
    }

    /// <summary>Identifies the problem, schedule and starts the checkpoint belongs to.</summary>
    internal ulong Fingerprint { get; }

    /// <summary>The completed levels, β = 0 … <see cref="NextBeta"/> − 1.</summary>
    public IReadOnlyList<AnnealingLevel> Levels { get; }

    /// <summary>Every start's packed path at the last completed β (its starting path when no level is complete).</summary>
    public double[][] Paths { get; }

    /// <summary>Every β visited so far, per start (fractional ones are retried smaller steps).</summary>
    public double[][] VisitedBetas { get; }

    /// <summary>Wall time spent on the completed levels (a resumed run reports this plus its own).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The first β still to run.</summary>
    public int NextBeta => Levels.Count;

    /// <summary>
    /// Writes the checkpoint to <paramref name="file"/> atomically: to a temporary file in the same
    /// folder, then renamed over the target, so a crash leaves either the old or the new checkpoint.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="file"/> is empty.</exception>
    public void Save(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        AnnealingBinaryFormat.SaveAtomically(file, WriteTo);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this format version, or is truncated.</exception>
    public static AnnealingCheckpoint Load(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        using var stream = File.OpenRead(file);
        return ReadFrom(stream);
    }

    /// <summary>Writes the binary form to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        AnnealingBinaryFormat.WriteHeader(writer, Magic, FormatVersion);
        writer.Write(Fingerprint);
        writer.Write(Elapsed.Ticks);
        int paths = Paths.Length;
        writer.Write(paths);
        for (int k = 0; k < paths; k++)
        {
            AnnealingBinaryFormat.WriteArray(writer, Paths[k]);
            AnnealingBinaryFormat.WriteArray(writer, VisitedBetas[k]);
        }
        writer.Write(Levels.Count);
        foreach (AnnealingLevel level in Levels) AnnealingBinaryFormat.WriteLevel(writer, level);
    }

    /// <summary>Reads the binary form written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint of this format version, or truncated.</exception>
    public static AnnealingCheckpoint ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            AnnealingBinaryFormat.ReadHeader(reader, Magic, FormatVersion, "checkpoint");
            ulong fingerprint = reader.ReadUInt64();
            var elapsed = TimeSpan.FromTicks(reader.ReadInt64());
            int paths = AnnealingBinaryFormat.Count(reader.ReadInt32());
            var pathValues = new double[paths][];
            var visited = new double[paths][];
            for (int k = 0; k < paths; k++)
            {
                pathValues[k] = AnnealingBinaryFormat.ReadArray(reader);
                visited[k] = AnnealingBinaryFormat.ReadArray(reader);
            }
            var levels = new AnnealingLevel[AnnealingBinaryFormat.Count(reader.ReadInt32())];
            for (int b = 0; b < levels.Length; b++) levels[b] = AnnealingBinaryFormat.ReadLevel(reader, paths);
            return new AnnealingCheckpoint(fingerprint, levels, pathValues, visited, elapsed);
        }
        catch (EndOfStreamException error)
        {
            throw new InvalidDataException("the checkpoint is truncated.", error);
        }
    }
}
