using System;

namespace DeepestLearning;

/// <summary>
/// An immutable compressed-sparse-row pattern: row r holds columns
/// <c>ColumnIndex[RowStart[r] .. RowStart[r+1]-1]</c>, sorted ascending, no duplicates.
/// </summary>
public sealed class SparsityPattern
{
    private readonly int[] _rowStart;
    private readonly int[] _columnIndex;

    public SparsityPattern(int rowCount, int columnCount, int[] rowStart, int[] columnIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        ArgumentNullException.ThrowIfNull(rowStart);
        ArgumentNullException.ThrowIfNull(columnIndex);
        if (rowStart.Length != rowCount + 1)
            throw new ArgumentException($"rowStart must have RowCount + 1 = {rowCount + 1} entries, not {rowStart.Length}.", nameof(rowStart));
        if (rowStart[0] != 0 || rowStart[rowCount] != columnIndex.Length)
            throw new ArgumentException("rowStart must start at 0 and end at columnIndex.Length.", nameof(rowStart));
        for (int r = 0; r < rowCount; r++)
        {
            if (rowStart[r + 1] < rowStart[r])
                throw new ArgumentException($"rowStart must be non-decreasing (row {r}).", nameof(rowStart));
            for (int k = rowStart[r]; k < rowStart[r + 1]; k++)
            {
                int c = columnIndex[k];
                if (c < 0 || c >= columnCount)
                    throw new ArgumentException($"columnIndex[{k}] = {c} lies outside 0..{columnCount - 1}.", nameof(columnIndex));
                if (k > rowStart[r] && c <= columnIndex[k - 1])
                    throw new ArgumentException($"Row {r} columns must be strictly increasing (entry {k}).", nameof(columnIndex));
            }
        }

        RowCount = rowCount;
        ColumnCount = columnCount;
        _rowStart = rowStart;
        _columnIndex = columnIndex;
    }

    public int RowCount { get; }
    public int ColumnCount { get; }
    public int NonZeroCount => _columnIndex.Length;
    public ReadOnlySpan<int> RowStart => _rowStart;
    public ReadOnlySpan<int> ColumnIndex => _columnIndex;

    /// <summary>Position of (row, column) in the value array, or -1 when it is not in the pattern.</summary>
    public int IndexOf(int row, int column)
    {
        if ((uint)row >= (uint)RowCount) return -1;
        int index = Array.BinarySearch(_columnIndex, _rowStart[row], _rowStart[row + 1] - _rowStart[row], column);
        return index >= 0 ? index : -1;
    }

    public bool Contains(int row, int column) => IndexOf(row, column) >= 0;
}
