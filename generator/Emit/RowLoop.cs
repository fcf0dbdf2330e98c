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

    /// <summary>The rows of each loop the run is written as: [Start, End).</summary>
    public IReadOnlyList<(int Start, int End)> Pieces => _pieces;

    /// <summary>
    /// A loop body: for every piece, a for loop whose body runs <paramref name="assignments"/> through
    /// <see cref="StraightLineCode"/>, leaves printed at row i. A target is given the piece's first row.
    /// With " += ", a target that is the same in every row (wᵀJ at p[0]) is summed in a local and added once
    /// after the loop: adding into memory in every iteration chains each iteration on the one before.
    /// <paramref name="preamble"/> gives a piece's statement at the top of each iteration, or null for none;
    /// <paramref name="pieces"/> may split <see cref="Pieces"/> further (never across a wrap).
    /// </summary>
    public Action<IndentedWriter> Body(ExpressionGraph graph, IReadOnlyList<LoopTarget> assignments, string assignment, Func<int, string?>? preamble = null,
        IReadOnlyList<(int Start, int End)>? pieces = null) => w =>
    {
        foreach (var (start, end) in pieces ?? _pieces)
        {
            var targets = new List<(string, int)>(assignments.Count);
            var sums = new List<string>();
            foreach (LoopTarget target in assignments)
            {
                if (assignment == " += " && target.SameEveryRow)
                {
                    string sum = "sum" + NumberFormatter.Integer(sums.Count);
                    sums.Add(target.Text(start));
                    targets.Add((sum, target.Node));
                }
                else targets.Add((target.Text(start), target.Node));
            }
            // A block per piece, so that each piece's sums are its own locals.
            if (sums.Count > 0) w.OpenBlock();
            for (int k = 0; k < sums.Count; k++) w.Line("double sum" + NumberFormatter.Integer(k) + " = 0.0;");
            w.Open("for (int i = " + NumberFormatter.Integer(start) + "; i < " + NumberFormatter.Integer(end) + "; i++)");
            if (preamble?.Invoke(start) is { } line) w.Line(line);
            StraightLineCode.Write(w, graph, targets, leaf => Leaf(leaf, start), assignment);
            w.Close();
            for (int k = 0; k < sums.Count; k++) w.Line(sums[k] + " += sum" + NumberFormatter.Integer(k) + ";");
            if (sums.Count > 0) w.Close();
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

    public AffineIndex Index(NodeSpec leaf) =>
        Run.Leaves.TryGetValue(leaf, out AffineIndex index) ? index : throw new InvalidOperationException("A leaf outside its row run.");

    private bool SameWraps(int a, int b)
    {
        foreach (AffineIndex index in Run.Leaves.Values)
            if (index.Slope != 0 && index.Wraps(a) != index.Wraps(b)) return false;
        return true;
    }

    /// <summary>The text of s·i + c.</summary>
    public static string Affine(long slope, long offset)
    {
        var text = new StringBuilder();
        if (slope == 0) return offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        text.Append(slope switch { 1 => "i", -1 => "-i", _ => slope.ToString(System.Globalization.CultureInfo.InvariantCulture) + " * i" });
        if (offset > 0) text.Append(" + ").Append(offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else if (offset < 0) text.Append(" - ").Append((-offset).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }
}

/// <summary>What a loop assigns: its target's text given the piece's first row, whether that target is one place for every row, and the value.</summary>
internal sealed record LoopTarget(Func<int, string> Text, bool SameEveryRow, int Node);
