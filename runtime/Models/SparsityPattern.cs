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

    /// <summary>Creates a pattern from CSR arrays and checks that they describe one (the arrays are kept, not copied).</summary>
    /// <param name="rowCount">Number of rows.</param>
    /// <param name="columnCount">Number of columns.</param>
    /// <param name="rowStart">RowCount + 1 non-decreasing offsets into <paramref name="columnIndex"/>, starting at 0 and ending at its length.</param>
    /// <param name="columnIndex">The columns of every row, strictly increasing within a row and inside 0 … ColumnCount − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The arrays do not form a valid sorted CSR pattern; the message says where.</exception>
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

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }
    /// <summary>The number of columns.</summary>
    public int ColumnCount { get; }
    /// <summary>The number of structural non-zeros: the length of every value array in this pattern's order.</summary>
    public int NonZeroCount => _columnIndex.Length;
    /// <summary>RowCount + 1 offsets: row r's entries are positions <c>RowStart[r]</c> … <c>RowStart[r+1] − 1</c> of <see cref="ColumnIndex"/> and of the value array.</summary>
    public ReadOnlySpan<int> RowStart => _rowStart;
    /// <summary>The column of every structural non-zero, row by row, ascending within a row.</summary>
    public ReadOnlySpan<int> ColumnIndex => _columnIndex;

    /// <summary>Position of (row, column) in the value array, or -1 when it is not in the pattern.</summary>
    public int IndexOf(int row, int column)
    {
        if ((uint)row >= (uint)RowCount) return -1;
        int index = Array.BinarySearch(_columnIndex, _rowStart[row], _rowStart[row + 1] - _rowStart[row], column);
        return index >= 0 ? index : -1;
    }

    /// <summary>Whether (row, column) is a structural non-zero of the pattern.</summary>
    public bool Contains(int row, int column) => IndexOf(row, column) >= 0;
}
