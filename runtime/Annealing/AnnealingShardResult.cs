using System;
using System.Collections.Generic;
using System.IO;

namespace DeepestLearning;

/// <summary>
/// What one shard (<see cref="PrecisionAnnealing.RunShard{TModel}"/>) hands to the merge
/// (<see cref="PrecisionAnnealing.Merge{TModel}"/>): its starts' records at every level up to β_max, and
/// their paths at every level where the joint stop could fall. A shard cannot decide the stop alone —
/// the plateau rule looks at the lowest action over all starts — so it runs on to β_max and keeps what
/// the merge needs to cut every start back to the level one process would have stopped at.
/// Written in a versioned little-endian binary format whose doubles round-trip exactly, with the
/// fingerprint of the whole run, so shards of different runs are not merged.
/// </summary>
public sealed class AnnealingShardResult
{
    private const uint Magic = 0x48534C44; // "DLSH"
    private const int FormatVersion = 1;

    internal AnnealingShardResult(ulong fingerprint, AnnealingShard shard, int totalPaths, AnnealingLevel[] levels, int firstKeptLevel,
        double[][][] keptPaths, double[][] visitedBetas, TimeSpan elapsed)
    {
        Fingerprint = fingerprint;
        Shard = shard;
        TotalPaths = totalPaths;
        Levels = levels;
        FirstKeptLevel = firstKeptLevel;
        KeptPaths = keptPaths;
        VisitedBetas = visitedBetas;
        Elapsed = elapsed;
    }

    /// <summary>Identifies the problem and options of the whole run (the same for every shard of it).</summary>
    internal ulong Fingerprint { get; }

    /// <summary>Which part of the starts this is.</summary>
    public AnnealingShard Shard { get; }

    /// <summary>The whole run's number of starts (<see cref="AnnealingOptions.Paths"/>).</summary>
    public int TotalPaths { get; }

    /// <summary>The first of this shard's starts in the whole run's numbering.</summary>
    public int FirstStart => Shard.FirstStart(TotalPaths);

    /// <summary>How many starts this shard annealed.</summary>
    public int StartCount => Shard.StartCount(TotalPaths);

    /// <summary>Every level β = 0 … β_max, holding this shard's starts only (entry j is start <see cref="FirstStart"/> + j).</summary>
    public IReadOnlyList<AnnealingLevel> Levels { get; }

    /// <summary>
    /// The first β whose paths are kept: 0 when the run stops on a plateau (the stop may fall on any level),
    /// β_max when it always runs to β_max (only the last paths can be the result).
    /// </summary>
    internal int FirstKeptLevel { get; }

    /// <summary>The starts' packed paths at β = <see cref="FirstKeptLevel"/> … β_max: [β − FirstKeptLevel][start in this shard].</summary>
    internal double[][][] KeptPaths { get; }

    /// <summary>Every β each of this shard's starts was minimized at, up to β_max.</summary>
    public double[][] VisitedBetas { get; }

    /// <summary>Wall time of this shard's levels.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Start <paramref name="start"/>'s (numbered within the shard) path at level <paramref name="beta"/>, or null where it was not kept.</summary>
    internal double[]? PathAt(int start, int beta) =>
        beta >= FirstKeptLevel && beta - FirstKeptLevel < KeptPaths.Length ? KeptPaths[beta - FirstKeptLevel][start] : null;

    /// <summary>
    /// Writes the result to <paramref name="file"/> atomically: to a temporary file in the same folder,
    /// then renamed over the target, so the merge never reads a half-written shard.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="file"/> is empty.</exception>
    public void Save(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        AnnealingBinaryFormat.SaveAtomically(file, WriteTo);
    }

    /// <summary>Reads a shard result written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a shard result of this format version, or is truncated.</exception>
    public static AnnealingShardResult Load(string file)
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
        writer.Write(Shard.Index);
        writer.Write(Shard.Count);
        writer.Write(TotalPaths);
        writer.Write(Elapsed.Ticks);
        int starts = StartCount;
        for (int k = 0; k < starts; k++) AnnealingBinaryFormat.WriteArray(writer, VisitedBetas[k]);
        writer.Write(Levels.Count);
        foreach (AnnealingLevel level in Levels) AnnealingBinaryFormat.WriteLevel(writer, level);
        writer.Write(FirstKeptLevel);
        writer.Write(KeptPaths.Length);
        foreach (double[][] level in KeptPaths)
            for (int k = 0; k < starts; k++) AnnealingBinaryFormat.WriteArray(writer, level[k]);
    }

    /// <summary>Reads the binary form written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="InvalidDataException">Not a shard result of this format version, or truncated.</exception>
    public static AnnealingShardResult ReadFrom(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            AnnealingBinaryFormat.ReadHeader(reader, Magic, FormatVersion, "shard result");
            ulong fingerprint = reader.ReadUInt64();
            int index = reader.ReadInt32(), count = reader.ReadInt32();
            if (count < 1 || index < 0 || index >= count) throw new InvalidDataException($"the file names shard {index + 1} of {count}, which does not exist.");
            var shard = new AnnealingShard(index, count);
            int totalPaths = AnnealingBinaryFormat.Count(reader.ReadInt32());
            var elapsed = TimeSpan.FromTicks(reader.ReadInt64());
            int starts = shard.StartCount(totalPaths);
            var visited = new double[starts][];
            for (int k = 0; k < starts; k++) visited[k] = AnnealingBinaryFormat.ReadArray(reader);
            var levels = new AnnealingLevel[AnnealingBinaryFormat.Count(reader.ReadInt32())];
            for (int b = 0; b < levels.Length; b++) levels[b] = AnnealingBinaryFormat.ReadLevel(reader, starts);
            int firstKept = AnnealingBinaryFormat.Count(reader.ReadInt32());
            var kept = new double[AnnealingBinaryFormat.Count(reader.ReadInt32())][][];
            for (int b = 0; b < kept.Length; b++)
            {
                kept[b] = new double[starts][];
                for (int k = 0; k < starts; k++) kept[b][k] = AnnealingBinaryFormat.ReadArray(reader);
            }
            return new AnnealingShardResult(fingerprint, shard, totalPaths, levels, firstKept, kept, visited, elapsed);
        }
        catch (EndOfStreamException error)
        {
            throw new InvalidDataException("the shard result is truncated.", error);
        }
    }
}
