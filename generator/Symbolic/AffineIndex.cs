namespace DeepestLearning.Generator.Symbolic;

/// <summary>
/// The index a leaf of a repeated row reads at row i: (Slope·i + Offset) mod Count, with the
/// remainder taken into [0, Count). Slope 0 is a fixed component (p[0] in every row), slope 1 a
/// neighbour that moves with the row (x[i + 1], cyclic at the ends).
/// </summary>
internal readonly record struct AffineIndex(long Slope, long Offset, int Count)
{
    public int At(int row) => (int)Remainder(Slope * row + Offset, Count);

    /// <summary>How many times Count has been subtracted at row i: the index is Slope·i + Offset − Wraps(i)·Count.</summary>
    public long Wraps(int row) => FloorDivide(Slope * row + Offset, Count);

    public static long Remainder(long value, long count)
    {
        long r = value % count;
        return r < 0 ? r + count : r;
    }

    public static long FloorDivide(long value, long count) => (value - Remainder(value, count)) / count;
}
