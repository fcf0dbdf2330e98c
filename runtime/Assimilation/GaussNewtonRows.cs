using System;

namespace DeepestLearning;

/// <summary>
/// The Gauss–Newton part Σ R_f,a ∇r_a ∇r_aᵀ of the action Hessian, shared by both discretization
/// families: for every residual row of a step, the local columns of ∇r_a (fixed when the
/// structure is built), and for each step the CSR positions of every lower-triangle pair of
/// those columns, so that adding a row's outer product is one scatter of Σ (row length)² values.
/// </summary>
internal sealed class GaussNewtonRows
{
    private readonly HessianStepLayout _layout;
    private readonly int _steps;
    private readonly int[][] _columns;     // row → local columns
    private readonly int[] _pairOffset;    // row → offset of its pairs within a step
    private readonly int _pairsPerStep;
    private int[] _pairPositions = Array.Empty<int>(); // step · _pairsPerStep + offset + pair index

    /// <summary>Rows whose ∇r has the given local columns (the same in every step).</summary>
    public GaussNewtonRows(HessianStepLayout layout, int steps, int[][] columns)
    {
        _layout = layout;
        _steps = steps;
        _columns = columns;
        _pairOffset = new int[columns.Length];
        long pairs = 0;
        int longest = 0;
        for (int r = 0; r < columns.Length; r++)
        {
            _pairOffset[r] = (int)Math.Min(pairs, int.MaxValue); // only used once the total below is known to fit
            long length = columns[r].Length;
            pairs += length * (length + 1) / 2;
            longest = Math.Max(longest, columns[r].Length);
        }
        // Every step scatters every pair: the positions table must fit one array.
        ModelArguments.RequireArrayLength(pairs * steps, "problem", "the Gauss–Newton part of the Hessian (pairs of every residual row's columns, every step)");
        _pairsPerStep = (int)pairs;
        LongestRow = longest;
    }

    /// <summary>The most local columns any row has (the scratch a caller needs for one row's values).</summary>
    public int LongestRow { get; }

    /// <summary>The local columns of <paramref name="row"/>, in the order its values are given to <see cref="AddRow"/>.</summary>
    public int[] Columns(int row) => _columns[row];

    /// <summary>Declares every pair of every row's columns in every step (the cliques of the Gauss–Newton part).</summary>
    public void AddStructure(Action<int, int> add)
    {
        for (int step = 0; step < _steps; step++)
            foreach (int[] columns in _columns)
                for (int s = 0; s < columns.Length; s++)
                    for (int t = 0; t <= s; t++) add(_layout.GlobalColumn(step, columns[s]), _layout.GlobalColumn(step, columns[t]));
    }

    /// <summary>Finds the CSR position of every pair in the finished pattern.</summary>
    public void LocatePositions(SparsityPattern pattern)
    {
        _pairPositions = new int[_steps * _pairsPerStep];
        for (int step = 0; step < _steps; step++)
            for (int r = 0; r < _columns.Length; r++)
            {
                int[] columns = _columns[r];
                int at = step * _pairsPerStep + _pairOffset[r];
                for (int s = 0; s < columns.Length; s++)
                    for (int t = 0; t <= s; t++)
                        _pairPositions[at++] = HessianStepLayout.Position(pattern, _layout.GlobalColumn(step, columns[s]), _layout.GlobalColumn(step, columns[t]));
            }
    }

    /// <summary>values += rf ∇r ∇rᵀ for one row of one step, ∇r given by its values on the row's columns.</summary>
    public void AddRow(int step, int row, double rf, ReadOnlySpan<double> rowValues, Span<double> values)
    {
        int[] columns = _columns[row];
        int at = step * _pairsPerStep + _pairOffset[row];
        for (int s = 0; s < columns.Length; s++)
        {
            double scaled = rf * rowValues[s];
            for (int t = 0; t <= s; t++) values[_pairPositions[at++]] += scaled * rowValues[t];
        }
    }
}
