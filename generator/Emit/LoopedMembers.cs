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
/// A looped row's Jacobian and second-derivative entries land at positions given by a
/// <see cref="SlotTable"/>; its share of wᵀJ (and of Σ wᵢ∇²Fᵢ where rows share an entry) is added
/// to outputs cleared first.
/// </summary>
internal static class LoopedMembers
{
    public static void Write(IndentedWriter w, ModelSpec spec, ExpressionGraph graph, List<int> outputs, List<RowRun> runs) =>
        Write(w, spec, graph, outputs, runs, MemberNames.VectorField(spec));

    /// <summary>The members named by <paramref name="names"/>: the vector field's, or the [Measurement] function's.</summary>
    public static void Write(IndentedWriter w, ModelSpec spec, ExpressionGraph graph, List<int> outputs, List<RowRun> runs, MemberNames names)
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

        // The patterns repeat with the rows: written in a periodic code so that they, too, do not grow with D.
        ModelEmitter.WritePattern(w, names.Jacobian + "Pattern", names.JacobianPatternField, names.JacobianPatternSummary, jacobian, compressed: true);
        ModelEmitter.WritePattern(w, names.SecondDerivative.Replace("Contraction", "Pattern"), names.SecondDerivativePatternField, names.SecondDerivativePatternSummary, second, compressed: true);
        if (names.WriteDecoder)
        {
            foreach (string line in PeriodicIntCode.DecoderLines()) w.Line(line);
            w.Line();
        }

        var jacobianSlots = new SlotTable[runs.Count];
        var secondSlots = new SlotTable[runs.Count];
        for (int q = 0; q < runs.Count; q++)
        {
            RowLoop loop = loops[q];
            RunDerivatives run = derivatives[q];
            jacobianSlots[q] = new SlotTable(loop, run.Gradient.Count,
                (row, e) => jacobianPosition[Key(row, loop.Column(run.Gradient[e].Leaf, row), columns)], "__dl" + names.Jacobian + "Slots" + NumberFormatter.Integer(q));
            secondSlots[q] = new SlotTable(loop, run.Hessian.Count, (row, e) =>
            {
                var (a, b, _) = run.Hessian[e];
                (int high, int low) = Ordered(loop.Column(a, row), loop.Column(b, row));
                return secondPosition[Key(high, low, columns)];
            }, "__dl" + names.SecondDerivative.Replace("Contraction", "") + "Slots" + NumberFormatter.Integer(q));
            jacobianSlots[q].WriteField(w);
            secondSlots[q].WriteField(w);
        }

        // dxdt = F: each loop writes its rows.
        var vectorField = new List<(string, int)>();
        for (int row = 0; row < outputs.Count; row++)
            if (included[row]) vectorField.Add((names.Output + "[" + NumberFormatter.Integer(row) + "]", outputs[row]));
        var vectorFieldLoops = runs.Select((run, q) => loops[q].Body(graph, new[] { new LoopTarget(_ => names.Output + "[i]", SameEveryRow: false, outputs[run.First]) }, " = ")).ToList();
        ChunkedMember.Write(w, graph, names.Value, names.ValueSummary, ModelEmitter.Signature(spec, names.Output, outputs.Count, usesWeights: false, names.WeightCount),
            vectorField, loops: vectorFieldLoops);

        // J: every entry written once, the looped ones at their slots.
        var jacobianAssignments = new List<(string, int)>();
        for (int k = 0; k < jacobian.Entries.Count; k++)
            if (jacobian.Entries[k].Node >= 0) jacobianAssignments.Add(("values[" + NumberFormatter.Integer(k) + "]", jacobian.Entries[k].Node));
        var jacobianLoops = new List<Action<IndentedWriter>>();
        for (int q = 0; q < runs.Count; q++)
            if (derivatives[q].Gradient.Count > 0)
                jacobianLoops.Add(loops[q].Body(graph, jacobianSlots[q].Targets(derivatives[q].Gradient.Select(e => e.Node).ToList()), " = ", jacobianSlots[q].Preamble, jacobianSlots[q].Pieces));
        ChunkedMember.Write(w, graph, names.Jacobian, names.JacobianSummary, ModelEmitter.Signature(spec, "values", jacobian.Entries.Count, usesWeights: false, names.WeightCount),
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
            var targets = derivatives[q].WeightedGradient.Select(e => new LoopTarget(
                start => "result[" + loop.IndexText(e.Leaf, start, e.Leaf.Op == Op.Parameter ? states : 0) + "]", loop.Index(e.Leaf).Slope == 0, e.Node)).ToList();
            if (targets.Count > 0) productLoops.Add(loop.Body(graph, targets, " += "));
        }
        ChunkedMember.Write(w, graph, names.Jacobian + "TransposeProduct", names.TransposeProductSummary, ModelEmitter.Signature(spec, "result", columns, usesWeights: true, names.WeightCount),
            productAssignments, prologue: "result.Clear();", loops: productLoops);

        // Σ wᵢ∇²Fᵢ: the straight rows' entries, then each looped row its pairs at their slots. When no two
        // rows share an entry (a stencil's second derivatives are its own), each is assigned, with no clearing.
        var writes = new int[second.Entries.Count];
        for (int k = 0; k < second.Entries.Count; k++)
            if (second.Entries[k].Node >= 0) writes[k]++;
        foreach (SlotTable table in secondSlots)
            foreach (int position in table.Positions) writes[position]++;
        bool once = writes.All(count => count == 1);
        var secondAssignments = new List<(string, int)>();
        for (int k = 0; k < second.Entries.Count; k++)
            if (second.Entries[k].Node >= 0) secondAssignments.Add(("values[" + NumberFormatter.Integer(k) + "]", second.Entries[k].Node));
        var secondLoops = new List<Action<IndentedWriter>>();
        for (int q = 0; q < runs.Count; q++)
            if (derivatives[q].Hessian.Count > 0)
                secondLoops.Add(loops[q].Body(graph, secondSlots[q].Targets(derivatives[q].Hessian.Select(e => e.Node).ToList()), once ? " = " : " += ", secondSlots[q].Preamble, secondSlots[q].Pieces));
        ChunkedMember.Write(w, graph, names.SecondDerivative, names.SecondDerivativeSummary,
            ModelEmitter.Signature(spec, "values", second.Entries.Count, usesWeights: true, names.WeightCount), secondAssignments, last: true,
            prologue: once ? null : "values.Clear();", loops: secondLoops);
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

/// <summary>
/// The names and summaries of one set of contract members — a function's value, its Jacobian with pattern, the
/// transpose product and the second-derivative contraction with pattern — so that the vector field's and the
/// [Measurement] function's are written by the same code.
/// </summary>
internal sealed record MemberNames(
    string Value, string ValueSummary, string Output,
    string Jacobian, string JacobianSummary, string JacobianPatternField, string JacobianPatternSummary, string TransposeProductSummary,
    string SecondDerivative, string SecondDerivativeSummary, string SecondDerivativePatternField, string SecondDerivativePatternSummary,
    int WeightCount, bool WriteDecoder)
{
    public static MemberNames VectorField(ModelSpec spec) => new(
        "VectorField", ModelEmitter.VectorFieldSummary, "dxdt",
        "Jacobian", ModelEmitter.JacobianSummary, ModelEmitter.JacobianPatternField, ModelEmitter.JacobianPatternSummary, ModelEmitter.TransposeProductSummary,
        "SecondDerivativeContraction", ModelEmitter.SecondDerivativeSummary, ModelEmitter.SecondDerivativePatternField, ModelEmitter.SecondDerivativePatternSummary,
        spec.States, WriteDecoder: true);
}
