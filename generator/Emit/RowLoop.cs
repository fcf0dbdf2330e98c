using System;
using System.Collections.Generic;
using System.Text;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// Writes one <see cref="RowRun"/> as C# loops over i. The run is split where a cyclic index wraps
/// (Lorenz96: rows 0 and 1, the middle, row D − 1), so each piece reads plain affine indices such as
/// x[i + 1] and needs no % in its inner loop. A run that wraps at more than a few places (a ring
/// coupling every component) is one loop with % instead, so its code does not grow with the model.
/// </summary>
internal sealed class RowLoop
{
    private const int MaxPieces = 8;

    private readonly List<(int Start, int End)> _pieces = new();
    private readonly bool _modular;

    public RowLoop(RowRun run, int states)
    {
        Run = run;
        States = states;
        int start = run.First;
        for (int row = run.First + 1; row < run.End; row++)
        {
            if (SameWraps(row - 1, row)) continue;
            _pieces.Add((start, row));
            start = row;
        }
        _pieces.Add((start, run.End));
        if (_pieces.Count > MaxPieces)
        {
            _pieces.Clear();
            _pieces.Add((run.First, run.End));
            _modular = true;
        }
    }

    public RowRun Run { get; }
    public int States { get; }

    /// <summary>The column of ∂/∂leaf at a row: x[j] is column j, p[k] column D + k.</summary>
    public int Column(NodeSpec leaf, int row) => (leaf.Op == Op.Parameter ? States : 0) + Index(leaf).At(row);

    /// <summary>
    /// A loop body: for every piece, a for loop whose body runs <paramref name="assignments"/> with i-dependent
    /// targets (given the piece's first row) through <see cref="StraightLineCode"/>, leaves printed at row i.
    /// <paramref name="preamble"/> is a statement at the top of each iteration (e.g. the slot of the row).
    /// </summary>
    public Action<IndentedWriter> Body(ExpressionGraph graph, IReadOnlyList<(Func<int, string> Target, int Node)> assignments, string assignment, string? preamble = null) => w =>
    {
        foreach (var (start, end) in _pieces)
        {
            w.Open("for (int i = " + NumberFormatter.Integer(start) + "; i < " + NumberFormatter.Integer(end) + "; i++)");
            if (preamble is not null) w.Line(preamble);
            var targets = new List<(string, int)>(assignments.Count);
            foreach (var (target, node) in assignments) targets.Add((target(start), node));
            StraightLineCode.Write(w, graph, targets, leaf => Leaf(leaf, start), assignment);
            w.Close();
        }
    };

    /// <summary>The text of leaf's index plus <paramref name="add"/> at row i, in the piece starting at <paramref name="start"/>.</summary>
    public string IndexText(NodeSpec leaf, int start, int add = 0)
    {
        AffineIndex index = Index(leaf);
        if (index.Slope == 0) return NumberFormatter.Integer(index.At(start) + add);
        if (_modular && index.Wraps(Run.First) != index.Wraps(Run.End - 1))
        {
            // (s·i + c) % n with c raised by whole periods so the dividend is never negative.
            long lowest = Math.Min(index.Slope * Run.First, index.Slope * (Run.End - 1)) + index.Offset;
            long offset = index.Offset + (lowest < 0 ? (-lowest + index.Count - 1) / index.Count * index.Count : 0);
            string wrapped = "(" + Affine(index.Slope, offset) + ") % " + NumberFormatter.Integer(index.Count);
            return add == 0 ? wrapped : NumberFormatter.Integer(add) + " + " + wrapped;
        }
        return Affine(index.Slope, index.Offset - index.Wraps(start) * index.Count + add);
    }

    private string Leaf(NodeSpec leaf, int start)
    {
        string array = leaf.Op switch { Op.State => "x", Op.Parameter => "p", Op.Stimulus => "u", _ => "w" };
        return array + "[" + IndexText(leaf, start) + "]";
    }

    private AffineIndex Index(NodeSpec leaf) =>
        Run.Leaves.TryGetValue(leaf, out AffineIndex index) ? index : throw new InvalidOperationException("A leaf outside its row run.");

    private bool SameWraps(int a, int b)
    {
        foreach (AffineIndex index in Run.Leaves.Values)
            if (index.Slope != 0 && index.Wraps(a) != index.Wraps(b)) return false;
        return true;
    }

    private static string Affine(long slope, long offset)
    {
        var text = new StringBuilder();
        text.Append(slope switch { 1 => "i", -1 => "-i", _ => slope.ToString(System.Globalization.CultureInfo.InvariantCulture) + " * i" });
        if (offset > 0) text.Append(" + ").Append(offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else if (offset < 0) text.Append(" - ").Append((-offset).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
