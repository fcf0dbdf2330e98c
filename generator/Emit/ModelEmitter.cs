using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;
using static DeepestLearning.Generator.Emit.GlobalNames;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// Writes {TypeName}.DeepestLearning.g.cs: the IDynamicalModel members as straight-line code
/// (large members split into chunk methods by <see cref="ChunkedMember"/>), or, where rows repeat one
/// expression at shifted indices, as loops over those rows (<see cref="LoopedMembers"/>).
/// </summary>
internal static class ModelEmitter
{
    public static string Emit(ModelSpec spec)
    {
        var graph = ExpressionGraph.Import(spec.Nodes);
        var outputs = spec.Outputs.ToList();
        List<RowRun> runs = RowRunFinder.Find(graph, outputs, spec.States, spec.Parameters, spec.Stimuli);

        var w = new IndentedWriter();
        GeneratedFile.Open(w, "the [VectorField] method '" + spec.UserMethodName + "'", spec.Namespace, spec.ContainingTypes, spec.Type, "IDynamicalModel");

        w.Line("/// <summary>D, the number of state components.</summary>");
        w.Line("public static int StateCount => " + NumberFormatter.Integer(spec.States) + ";");
        w.Line();
        w.Line("/// <summary>P, the number of parameters.</summary>");
        w.Line("public static int ParameterCount => " + NumberFormatter.Integer(spec.Parameters) + ";");
        w.Line();
        w.Line("/// <summary>U, the number of stimulus inputs.</summary>");
        w.Line("public static int StimulusCount => " + NumberFormatter.Integer(spec.Stimuli) + ";");
        w.Line();

        if (runs.Count == 0) WriteStraightLine(w, spec, graph, outputs);
        else LoopedMembers.Write(w, spec, graph, outputs, runs);
        if (spec.Measurement is { } measurement)
        {
            w.Line();
            MeasurementMembers.Write(w, spec, measurement, decoderWritten: runs.Count > 0);
        }

        GeneratedFile.Close(w, spec.Namespace, spec.ContainingTypes);
        return w.ToString();
    }

    /// <summary>Every member as straight-line code over all rows.</summary>
    private static void WriteStraightLine(IndentedWriter w, ModelSpec spec, ExpressionGraph graph, List<int> outputs)
    {
        var derivatives = ModelDerivatives.Build(graph, outputs, spec.States, spec.Parameters);
        int columns = spec.States + spec.Parameters;

        WritePattern(w, "JacobianPattern", JacobianPatternField, JacobianPatternSummary, derivatives.Jacobian);
        WritePattern(w, "SecondDerivativePattern", SecondDerivativePatternField, SecondDerivativePatternSummary, derivatives.SecondDerivative);

        Member(w, spec, graph, "VectorField", VectorFieldSummary, "dxdt", spec.States, usesWeights: false, outputs);
        Member(w, spec, graph, "Jacobian", JacobianSummary, "values", derivatives.Jacobian.Entries.Count, usesWeights: false,
            derivatives.Jacobian.Entries.Select(e => e.Node).ToList());
        Member(w, spec, graph, "JacobianTransposeProduct", TransposeProductSummary, "result", columns, usesWeights: true,
            derivatives.TransposeProduct.ToList());
        Member(w, spec, graph, "SecondDerivativeContraction", SecondDerivativeSummary, "values", derivatives.SecondDerivative.Entries.Count, usesWeights: true,
            derivatives.SecondDerivative.Entries.Select(e => e.Node).ToList(), last: true);
    }

    internal const string JacobianPatternField = "__dlJacobianPattern";
    internal const string SecondDerivativePatternField = "__dlSecondDerivativePattern";
    internal const string JacobianPatternSummary = "CSR pattern of ∂F/∂(x,p)";
    internal const string SecondDerivativePatternSummary = "Lower-triangle CSR pattern of Σᵢ wᵢ ∇²Fᵢ over (x,p)";
    internal const string VectorFieldSummary = "dxdt = F(x, p, u).";
    internal const string JacobianSummary = "∂F/∂(x,p) in JacobianPattern order.";
    internal const string TransposeProductSummary = "result = wᵀ ∂F/∂(x,p), length D + P.";
    internal const string SecondDerivativeSummary = "Σᵢ wᵢ ∇²Fᵢ in SecondDerivativePattern order.";

    internal static void WritePattern(IndentedWriter w, string property, string field, string summary, SparseExpressionMatrix matrix, bool compressed = false)
    {
        w.Line("/// <summary>" + summary + ".</summary>");
        w.Line("public static " + Pattern + " " + property + " => " + field + ";");
        w.Line();
        IntArrays.WritePatternField(w, field, matrix, compressed);
    }

    /// <summary>One contract member over (x, p, u[, w]) writing <paramref name="output"/>[0 … outputCount−1].</summary>
    private static void Member(IndentedWriter w, ModelSpec spec, ExpressionGraph graph, string name, string summary, string output, int outputCount, bool usesWeights, List<int> nodes, bool last = false)
    {
        var assignments = nodes.Select((node, k) => (output + "[" + NumberFormatter.Integer(k) + "]", node)).ToList();
        ChunkedMember.Write(w, graph, name, summary, Signature(spec, output, outputCount, usesWeights), assignments, last: last);
    }

    /// <summary>The parameters, argument checks and bounds touches of a member writing <paramref name="outputCount"/> values.</summary>
    internal static MemberSignature Signature(ModelSpec spec, string output, int outputCount, bool usesWeights, int weightCount = -1)
    {
        if (weightCount < 0) weightCount = spec.States; // the vector field's weights: one per state
        var checks = new List<string>
        {
            Require + "(x.Length, " + NumberFormatter.Integer(spec.States) + ", nameof(x));",
            Require + "(p.Length, " + NumberFormatter.Integer(spec.Parameters) + ", nameof(p));",
            Require + "(u.Length, " + NumberFormatter.Integer(spec.Stimuli) + ", nameof(u));",
        };
        if (usesWeights) checks.Add(Require + "(w.Length, " + NumberFormatter.Integer(weightCount) + ", nameof(w));");
        checks.Add(Require + "(" + output + ".Length, " + NumberFormatter.Integer(outputCount) + ", nameof(" + output + "));");

        var touches = new List<string>();
        if (spec.States > 0) touches.Add("_ = x[" + NumberFormatter.Integer(spec.States - 1) + "];");
        if (spec.Parameters > 0) touches.Add("_ = p[" + NumberFormatter.Integer(spec.Parameters - 1) + "];");
        if (spec.Stimuli > 0) touches.Add("_ = u[" + NumberFormatter.Integer(spec.Stimuli - 1) + "];");
        if (usesWeights && weightCount > 0) touches.Add("_ = w[" + NumberFormatter.Integer(weightCount - 1) + "];");
        if (outputCount > 0) touches.Add("_ = " + output + "[" + NumberFormatter.Integer(outputCount - 1) + "];");

        return new MemberSignature(
            ReadOnlySpan + " x, " + ReadOnlySpan + " p, " + ReadOnlySpan + " u, " + (usesWeights ? ReadOnlySpan + " w, " : "") + Span + " " + output,
            "x, p, u, " + (usesWeights ? "w, " : "") + output,
            checks, touches, Leaf);
    }

    private static string Leaf(NodeSpec node)
    {
        string index = NumberFormatter.Integer((int)node.Value);
        return node.Op switch
        {
            Op.State => "x[" + index + "]",
            Op.Parameter => "p[" + index + "]",
            Op.Stimulus => "u[" + index + "]",
            _ => "w[" + index + "]",
        };
    }
}
