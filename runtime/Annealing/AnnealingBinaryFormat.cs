using System;
using System.IO;

namespace DeepestLearning;

/// <summary>
/// The little-endian binary pieces that checkpoints (<see cref="AnnealingCheckpoint"/>) and shard
/// results (<see cref="AnnealingShardResult"/>) share: a level's records, arrays of doubles and
/// counts that a corrupt file cannot inflate. One definition, so both files read levels alike.
/// </summary>
internal static class AnnealingBinaryFormat
{
    /// <summary>One level: β, R_f, the recorded count, and per start its action, terms, parameters and minimizer record.</summary>
    public static void WriteLevel(BinaryWriter writer, AnnealingLevel level)
    {
        writer.Write(level.Beta);
        writer.Write(level.Rf);
        writer.Write(level.RecordedCount);
        for (int k = 0; k < level.Actions.Length; k++)
        {
            writer.Write(level.Actions[k]);
            writer.Write(level.MeasurementTerms[k]);
            writer.Write(level.ModelTerms[k]);
            foreach (double value in level.Parameters[k]) writer.Write(value);
            writer.Write(level.Iterations[k]);
            writer.Write(level.Evaluations[k]);
            writer.Write(level.HessianEvaluations[k]);
            writer.Write((int)level.Exits[k]);
            writer.Write(level.Substeps[k]);
        }
    }

    /// <summary>A level written by <see cref="WriteLevel"/> that holds <paramref name="paths"/> starts.</summary>
    public static AnnealingLevel ReadLevel(BinaryReader reader, int paths)
    {
        int beta = reader.ReadInt32();
        double rf = reader.ReadDouble();
        int recorded = Count(reader.ReadInt32());
        var level = new AnnealingLevel(beta, rf, paths, recorded);
        var parameters = new double[recorded];
        for (int k = 0; k < paths; k++)
        {
            double action = reader.ReadDouble(), measurement = reader.ReadDouble(), model = reader.ReadDouble();
            for (int i = 0; i < recorded; i++) parameters[i] = reader.ReadDouble();
            int iterations = reader.ReadInt32(), evaluations = reader.ReadInt32(), hessians = reader.ReadInt32();
            var exit = (ExitReason)reader.ReadInt32();
            int substeps = reader.ReadInt32();
            // The level keeps only these fields of a minimizer's result; the gradient norm is not one of them.
            level.Record(k, action, measurement, model, parameters, new MinimizerResult(action, iterations, evaluations, exit, double.NaN, hessians), substeps);
        }
        return level;
    }

    /// <summary>The length, then the values.</summary>
    /// <summary>
    /// Writes <paramref name="file"/> through <paramref name="write"/> atomically: into a temporary file in
    /// the same folder (flushed to disk), then renamed over the target, so a crash or a concurrent reader
    /// sees either the old file or the new one, never half of it.
    /// </summary>
    public static void SaveAtomically(string file, Action<Stream> write)
    {
        string full = Path.GetFullPath(file);
        string temporary = full + $".{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The file's kind (<paramref name="magic"/>) and format version, first in every file.</summary>
    public static void WriteHeader(BinaryWriter writer, uint magic, int version)
    {
        writer.Write(magic);
        writer.Write(version);
    }

    /// <summary>Reads the header <see cref="WriteHeader"/> wrote; another kind of file or another version is invalid data naming <paramref name="kind"/>.</summary>
    public static void ReadHeader(BinaryReader reader, uint magic, int version, string kind)
    {
        if (reader.ReadUInt32() != magic) throw new InvalidDataException($"not an annealing {kind} (wrong magic number).");
        int found = reader.ReadInt32();
        if (found != version) throw new InvalidDataException($"{kind} format version {found}; this build reads version {version}.");
    }

    public static void WriteArray(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (double value in values) writer.Write(value);
    }

    /// <summary>An array written by <see cref="WriteArray"/>.</summary>
    public static double[] ReadArray(BinaryReader reader)
    {
        var values = new double[Count(reader.ReadInt32())];
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadDouble();
        return values;
    }

    /// <summary>A count read from a file, refused when negative or absurd (a corrupt file must not allocate gigabytes).</summary>
    public static int Count(int value) =>
        value is >= 0 and <= 1 << 28 ? value : throw new InvalidDataException($"the file holds an impossible count {value}.");
}
