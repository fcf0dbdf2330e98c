using System;
using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// The IDynamicalModel members of a model with <see cref="RowRun"/>s: rows outside every run as
/// straight-line code (as <see cref="ModelEmitter"/> writes a whole model), each run as a loop over its
/// rows (<see cref="RowLoop"/>) around the derivatives of its first row (<see cref="RunDerivatives"/>).
/// The sparsity patterns are exact: a run contributes the first row's structural entries at every row.
/// A looped row's Jacobian and second-derivative entries land at positions read from a slot table
/// (the rank of a column within its CSR row changes where indices wrap); its share of wᵀJ and of
/// Σ wᵢ∇²Fᵢ is added to outputs cleared first.
/// </summary>
internal static class LoopedMembers
{
    public static void Write(IndentedWriter w, ModelSpec spec, ExpressionGraph graph, List<int> outputs, List<RowRun> runs)
    {
        int states = spec.States, columns = spec.States + spec.Parameters;
        var included = Enumerable.Repeat(true, outputs.Count).ToArray();
        foreach (RowRun run in runs)
            for (int row = run.First; row < run.End; row++) included[row] = false;
        var straight = ModelDerivatives.Build(graph, outputs, states, spec.Parameters, included);
        var loops = runs.Select(run => new RowLoop(run, states)).ToList();
        var derivatives = runs.Select(run => RunDerivatives.Build(graph, run, outputs[run.First])).ToList();

        // Jacobian: the straight rows' entries, and each run's gradient entries at each of its rows.
        var jacobianEntries = new List<(int Row, int Column, int Node)>(straight.Jacobian.Entries);
        for (int q = 0; q < runs.Count; q++)
            for (int row = runs[q].First; row < runs[q].End; row++)
                foreach (var (leaf, _) in derivatives[q].Gradient) jacobianEntries.Add((row, loops[q].Column(leaf, row), -1));
        var jacobian = new SparseExpressionMatrix(outputs.Count, columns, jacobianEntries);
        Dictionary<long, int> jacobianPosition = Positions(jacobian);

        // Lower triangle of Σ wᵢ∇²Fᵢ: rows of different runs (and straight rows) may add to one entry.
        var secondEntries = new Dictionary<long, (int Row, int Column, int Node)>();
        foreach (var entry in straight.SecondDerivative.Entries) secondEntries[Key(entry.Row, entry.Column, columns)] = entry;
        for (int q = 0; q < runs.Count; q++)
            for (int row = runs[q].First; row < runs[q].End; row++)
                foreach (var (a, b, _) in derivatives[q].Hessian)
                {
                    (int high, int low) = Ordered(loops[q].Column(a, row), loops[q].Column(b, row));
                    long key = Key(high, low, columns);
                    if (!secondEntries.ContainsKey(key)) secondEntries[key] = (high, low, -1);
                }
        var second = new SparseExpressionMatrix(columns, columns, secondEntries.Values.ToList());
        Dictionary<long, int> secondPosition = Positions(second);

        ModelEmitter.WritePattern(w, "JacobianPattern", ModelEmitter.JacobianPatternField, ModelEmitter.JacobianPatternSummary, jacobian);
        ModelEmitter.WritePattern(w, "SecondDerivativePattern", ModelEmitter.SecondDerivativePatternField, ModelEmitter.SecondDerivativePatternSummary, second);

        var jacobianSlots = new string[runs.Count];
        var secondSlots = new string[runs.Count];
        for (int q = 0; q < runs.Count; q++)
        {
            RowLoop loop = loops[q];
            jacobianSlots[q] = SlotField(w, "__dlJacobianSlots", q, loop, derivatives[q].Gradient.Count,
                (row, e) => jacobianPosition[Key(row, loop.Column(derivatives[q].Gradient[e].Leaf, row), columns)]);
            secondSlots[q] = SlotField(w, "__dlSecondDerivativeSlots", q, loop, derivatives[q].Hessian.Count, (row, e) =>
            {
                var (a, b, _) = derivatives[q].Hessian[e];
                (int high, int low) = Ordered(loop.Column(a, row), loop.Column(b, row));
                return secondPosition[Key(high, low, columns)];
            });
        }

        // dxdt = F: each loop writes its rows.
        var vectorField = new List<(string, int)>();
        for (int row = 0; row < outputs.Count; row++)
            if (included[row]) vectorField.Add(("dxdt[" + NumberFormatter.Integer(row) + "]", outputs[row]));
        var vectorFieldLoops = runs.Select((run, q) => loops[q].Body(graph, new[] { ((Func<int, string>)(_ => "dxdt[i]"), outputs[run.First]) }, " = ")).ToList();
        ChunkedMember.Write(w, graph, "VectorField", ModelEmitter.VectorFieldSummary, ModelEmitter.Signature(spec, "dxdt", states, usesWeights: false),
            vectorField, loops: vectorFieldLoops);

        // J: every entry written once, the looped ones through their slots.
        var jacobianAssignments = new List<(string, int)>();
        for (int k = 0; k < jacobian.Entries.Count; k++)
            if (jacobian.Entries[k].Node >= 0) jacobianAssignments.Add(("values[" + NumberFormatter.Integer(k) + "]", jacobian.Entries[k].Node));
        var jacobianLoops = new List<Action<IndentedWriter>>();
        for (int q = 0; q < runs.Count; q++)
            if (jacobianSlots[q].Length > 0)
                jacobianLoops.Add(loops[q].Body(graph, SlotTargets(jacobianSlots[q], derivatives[q].Gradient.Select(e => e.Node).ToList()), " = ",
                    Preamble(runs[q], derivatives[q].Gradient.Count)));
        ChunkedMember.Write(w, graph, "Jacobian", ModelEmitter.JacobianSummary, ModelEmitter.Signature(spec, "values", jacobian.Entries.Count, usesWeights: false),
            jacobianAssignments, loops: jacobianLoops);

        // wᵀJ: the straight rows' product, then each looped row adds wᵢ∇Fᵢ at its columns.
        var productAssignments = new List<(string, int)>();
        for (int column = 0; column < columns; column++)
            if (!graph.IsConstant(straight.TransposeProduct[column], 0.0))
                productAssignments.Add(("result[" + NumberFormatter.Integer(column) + "]", straight.TransposeProduct[column]));
        var productLoops = new List<Action<IndentedWriter>>();
        for (int q = 0; q < runs.Count; q++)
        {
            RowLoop loop = loops[q];
            var targets = derivatives[q].WeightedGradient
                .Select(e => ((Func<int, string>)(start => "result[" + loop.IndexText(e.Leaf, start, e.Leaf.Op == Op.Parameter ? states : 0) + "]"), e.Node)).ToList();
            if (targets.Count > 0) productLoops.Add(loop.Body(graph, targets, " += "));
        }
        ChunkedMember.Write(w, graph, "JacobianTransposeProduct", ModelEmitter.TransposeProductSummary, ModelEmitter.Signature(spec, "result", columns, usesWeights: true),
            productAssignments, prologue: "result.Clear();", loops: productLoops);

        // Σ wᵢ∇²Fᵢ: the straight rows' entries, then each looped row adds its pairs through its slots.
        var secondAssignments = new List<(string, int)>();
        for (int k = 0; k < second.Entries.Count; k++)
            if (second.Entries[k].Node >= 0) secondAssignments.Add(("values[" + NumberFormatter.Integer(k) + "]", second.Entries[k].Node));
        var secondLoops = new List<Action<IndentedWriter>>();
        for (int q = 0; q < runs.Count; q++)
            if (secondSlots[q].Length > 0)
                secondLoops.Add(loops[q].Body(graph, SlotTargets(secondSlots[q], derivatives[q].Hessian.Select(e => e.Node).ToList()), " += ",
                    Preamble(runs[q], derivatives[q].Hessian.Count)));
        ChunkedMember.Write(w, graph, "SecondDerivativeContraction", ModelEmitter.SecondDerivativeSummary,
            ModelEmitter.Signature(spec, "values", second.Entries.Count, usesWeights: true), secondAssignments, last: true, prologue: "values.Clear();", loops: secondLoops);
    }

    /// <summary>The slot of a looped row's first entry: its entries are consecutive in the slot table.</summary>
    private static string Preamble(RowRun run, int entries) =>
        "int slot = " + (run.First == 0 ? "i" : "(i - " + NumberFormatter.Integer(run.First) + ")") + " * " + NumberFormatter.Integer(entries) + ";";

    private static List<(Func<int, string>, int)> SlotTargets(string field, List<int> nodes) =>
        nodes.Select((node, e) => ((Func<int, string>)(_ => "values[" + field + "[slot + " + NumberFormatter.Integer(e) + "]]"), node)).ToList();

    /// <summary>Writes a run's slot table (entry e of row i at [(i − First)·entries + e]) and returns its name, or "" when the rows have no entries.</summary>
    private static string SlotField(IndentedWriter w, string prefix, int q, RowLoop loop, int entries, Func<int, int, int> position)
    {
        if (entries == 0) return "";
        var slots = new int[loop.Run.Length * entries];
        for (int row = loop.Run.First; row < loop.Run.End; row++)
            for (int e = 0; e < entries; e++) slots[(row - loop.Run.First) * entries + e] = position(row, e);
        string name = prefix + NumberFormatter.Integer(q);
        w.Line("private static readonly int[] " + name + " =");
        ModelEmitter.WriteIntArray(w, slots, ";");
        w.Line();
        return name;
    }

    private static Dictionary<long, int> Positions(SparseExpressionMatrix matrix)
    {
        var positions = new Dictionary<long, int>(matrix.Entries.Count);
        for (int k = 0; k < matrix.Entries.Count; k++) positions[Key(matrix.Entries[k].Row, matrix.Entries[k].Column, matrix.Columns)] = k;
        return positions;
    }

    private static long Key(int row, int column, int columns) => (long)row * columns + column;

    private static (int High, int Low) Ordered(int a, int b) => a >= b ? (a, b) : (b, a);
}
