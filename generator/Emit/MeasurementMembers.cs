using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// The measurement members of a model with a [Measurement] method: h itself, its Jacobian over (x, p) with
/// an exact pattern, wᵀ∂h/∂(x,p), and the lower triangle of Σₗ wₗ∇²hₗ with its pattern — the same derivatives
/// the vector field gets, from the same differentiator, over the measurement's own graph: straight-line code
/// (chunked when large) or, where outputs repeat one expression at shifted indices (a row of identical sensors),
/// loops over those outputs, written by the vector field's <see cref="LoopedMembers"/>.
/// </summary>
internal static class MeasurementMembers
{
    internal const string JacobianPatternField = "__dlMeasurementJacobianPattern";
    internal const string SecondDerivativePatternField = "__dlMeasurementSecondDerivativePattern";

    private const string JacobianPatternSummary = "CSR pattern of ∂h/∂(x,p)";
    private const string SecondDerivativePatternSummary = "Lower-triangle CSR pattern of Σₗ wₗ ∇²hₗ over (x,p)";
    private const string ValueSummary = "y = h(x, p, u).";
    private const string JacobianSummary = "∂h/∂(x,p) in MeasurementJacobianPattern order.";
    private const string TransposeProductSummary = "result = wᵀ ∂h/∂(x,p), length D + P, for w of length M.";
    private const string SecondDerivativeSummary = "Σₗ wₗ ∇²hₗ in MeasurementSecondDerivativePattern order.";

    /// <param name="decoderWritten">Whether the file already holds the periodic-code decoder (the vector field was looped).</param>
    public static void Write(IndentedWriter w, ModelSpec spec, MeasurementSpec measurement, bool decoderWritten)
    {
        var graph = ExpressionGraph.Import(measurement.Nodes);
        var outputs = measurement.Outputs.ToList();
        int columns = spec.States + spec.Parameters, m = measurement.Count;

        w.Line("/// <summary>M, the number of outputs of the [Measurement] method '" + measurement.UserMethodName + "'.</summary>");
        w.Line("public static int MeasurementCount => " + NumberFormatter.Integer(m) + ";");
        w.Line();

        List<RowRun> runs = RowRunFinder.Find(graph, outputs, spec.States, spec.Parameters, spec.Stimuli);
        if (runs.Count > 0)
        {
            LoopedMembers.Write(w, spec, graph, outputs, runs, new MemberNames(
                "Measurement", ValueSummary, "y",
                "MeasurementJacobian", JacobianSummary, JacobianPatternField, JacobianPatternSummary, TransposeProductSummary,
                "MeasurementSecondDerivativeContraction", SecondDerivativeSummary, SecondDerivativePatternField, SecondDerivativePatternSummary,
                m, WriteDecoder: !decoderWritten));
            return;
        }

        var derivatives = ModelDerivatives.Build(graph, outputs, spec.States, spec.Parameters);

        ModelEmitter.WritePattern(w, "MeasurementJacobianPattern", JacobianPatternField, JacobianPatternSummary, derivatives.Jacobian);
        ModelEmitter.WritePattern(w, "MeasurementSecondDerivativePattern", SecondDerivativePatternField, SecondDerivativePatternSummary, derivatives.SecondDerivative);

        Member(w, spec, graph, "Measurement", ValueSummary, "y", m, usesWeights: false, outputs);
        Member(w, spec, graph, "MeasurementJacobian", JacobianSummary, "values", derivatives.Jacobian.Entries.Count, usesWeights: false,
            derivatives.Jacobian.Entries.Select(e => e.Node).ToList());
        Member(w, spec, graph, "MeasurementJacobianTransposeProduct", TransposeProductSummary, "result", columns, usesWeights: true,
            derivatives.TransposeProduct.ToList());
        Member(w, spec, graph, "MeasurementSecondDerivativeContraction", SecondDerivativeSummary, "values", derivatives.SecondDerivative.Entries.Count,
            usesWeights: true, derivatives.SecondDerivative.Entries.Select(e => e.Node).ToList(), last: true);
    }

    private static void Member(IndentedWriter w, ModelSpec spec, ExpressionGraph graph, string name, string summary, string output, int outputCount, bool usesWeights,
        List<int> nodes, bool last = false)
    {
        var assignments = nodes.Select((node, k) => (output + "[" + NumberFormatter.Integer(k) + "]", node)).ToList();
        MemberSignature signature = ModelEmitter.Signature(spec, output, outputCount, usesWeights, spec.Measurement!.Count);
        ChunkedMember.Write(w, graph, name, summary, signature, assignments, last: last);
    }
}
