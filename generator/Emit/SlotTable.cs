using System;
using System.Collections.Generic;
using System.Linq;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// Where the Jacobian or second-derivative entries of a looped row go in the CSR values array. Within a
/// piece of a stencil's loop every entry moves by a fixed stride per row (values[5 * i + 3]), and the
/// position is written as that arithmetic; only pieces where it does not (rows of varying length) read
/// it from a static table, entry e of row i at [(i − First)·entries + e].
/// </summary>
internal sealed class SlotTable
{
    private readonly RowLoop _loop;
    private readonly int _entries;
    private readonly int[] _slots;
    private readonly string _name;
    private readonly Dictionary<int, (long Stride, long Offset)[]?> _affine = new();

    public SlotTable(RowLoop loop, int entries, Func<int, int, int> position, string name)
    {
        _loop = loop;
        _entries = entries;
        _name = name;
        _slots = new int[loop.Run.Length * entries];
        for (int row = loop.Run.First; row < loop.Run.End; row++)
            for (int e = 0; e < entries; e++) _slots[(row - loop.Run.First) * entries + e] = position(row, e);
        var pieces = new List<(int Start, int End)>();
        foreach (var (start, end) in loop.Pieces) pieces.AddRange(AffineParts(start, end));
        // A piece whose positions jump at a few rows (a stencil's last Hessian rows also hold the wrapped
        // rows' entries) is split there; positions that jump everywhere are read from the table instead.
        Pieces = pieces.Count <= loop.Pieces.Count + MaxExtraPieces ? pieces : loop.Pieces;
        foreach (var (start, end) in Pieces) _affine[start] = Affine(start, end);
    }

    private const int MaxExtraPieces = 8;

    /// <summary>The loops this member is written as: the run's pieces, split where positions stop moving by a fixed stride.</summary>
    public IReadOnlyList<(int Start, int End)> Pieces { get; }

    /// <summary>Every position the run writes, once per (row, entry).</summary>
    public IEnumerable<int> Positions => _slots;

    public bool NeedsTable => _entries > 0 && _affine.Values.Any(piece => piece is null);

    public void WriteField(IndentedWriter w)
    {
        if (!NeedsTable) return;
        w.Line("private static readonly int[] " + _name + " =");
        IntArrays.WriteIntArray(w, _slots, ";");
        w.Line();
    }

    public List<LoopTarget> Targets(IReadOnlyList<int> nodes) =>
        nodes.Select((node, e) => new LoopTarget(start => "values[" + Position(start, e) + "]", SameEveryRow: false, node)).ToList();

    /// <summary>The slot of the row's first entry, in pieces that read the table.</summary>
    public string? Preamble(int start)
    {
        if (_affine[start] is not null) return null;
        int first = _loop.Run.First;
        return "int slot = " + (first == 0 ? "i" : "(i - " + NumberFormatter.Integer(first) + ")") + " * " + NumberFormatter.Integer(_entries) + ";";
    }

    private string Position(int start, int e) =>
        _affine[start] is { } piece ? RowLoop.Affine(piece[e].Stride, piece[e].Offset) : _name + "[slot + " + NumberFormatter.Integer(e) + "]";

    /// <summary>(stride, offset) of every entry over rows [start, end), or null when some entry does not move by a fixed stride.</summary>
    private (long, long)[]? Affine(int start, int end)
    {
        var result = new (long, long)[_entries];
        for (int e = 0; e < _entries; e++)
        {
            long first = At(start, e);
            long stride = end - start > 1 ? At(start + 1, e) - first : 0;
            for (int row = start + 2; row < end; row++)
                if (At(row, e) != first + stride * (row - start)) return null;
            result[e] = (stride, first - stride * start);
        }
        return result;
    }

    /// <summary>[start, end) cut into maximal ranges over which every entry moves by a fixed stride.</summary>
    private IEnumerable<(int, int)> AffineParts(int start, int end)
    {
        while (start < end)
        {
            int next = start + 1;
            if (next < end)
            {
                next++;
                while (next < end && Continues(start, next)) next++;
            }
            yield return (start, next);
            start = next;
        }
    }

    private bool Continues(int start, int row)
    {
        for (int e = 0; e < _entries; e++)
            if (At(row, e) - At(start, e) != (At(start + 1, e) - At(start, e)) * (long)(row - start)) return false;
        return true;
    }

    private int At(int row, int e) => _slots[(row - _loop.Run.First) * _entries + e];
}
