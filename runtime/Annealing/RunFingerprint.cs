using System;

namespace DeepestLearning;

/// <summary>
/// A 64-bit FNV-1a hash of the numbers and names that determine a run's result, so a checkpoint
/// is only resumed by the run that wrote it. Doubles are hashed by their bits: a checkpoint belongs
/// to exactly these data, not to data that merely print the same.
/// </summary>
internal struct RunFingerprint
{
    private const ulong Prime = 1099511628211;
    private ulong _hash;

    public RunFingerprint() => _hash = 14695981039346656037;

    public readonly ulong Value => _hash;

    public void Add(long value)
    {
        for (int shift = 0; shift < 64; shift += 8)
        {
            _hash ^= (byte)(value >> shift);
            _hash *= Prime;
        }
    }

    public void Add(double value) => Add(BitConverter.DoubleToInt64Bits(value));

    public void Add(bool value) => Add(value ? 1L : 0L);

    public void Add(string value)
    {
        Add(value.Length);
        foreach (char c in value) Add((long)c);
    }

    public void Add(ReadOnlySpan<double> values)
    {
        Add(values.Length);
        foreach (double value in values) Add(value);
    }

    public void Add(ReadOnlySpan<int> values)
    {
        Add(values.Length);
        foreach (int value in values) Add(value);
    }
}
