using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// The measurement members of a model with a [Measurement] method: h itself, its Jacobian over (x, p) with
/// an exact pattern, wᵀ∂h/∂(x,p), and the lower triangle of Σₗ wₗ∇²hₗ with its pattern — the same derivatives
/// the vector field gets, from the same differentiator, over the measurement's own graph. Straight-line code
/// (chunked when large); a sensor is rarely a long repeated stencil.
/// </summary>
internal static class MeasurementMembers
{
    internal const string JacobianPatternField = "__dlMeasurementJacobianPattern";
    internal const string SecondDerivativePatternField = "__dlMeasurementSecondDerivativePattern";

    public static void Write(IndentedWriter w, ModelSpec spec, MeasurementSpec measurement)
    {
        var graph = ExpressionGraph.Import(measurement.Nodes);
        var outputs = measurement.Outputs.ToList();
        var derivatives = ModelDerivatives.Build(graph, outputs, spec.States, spec.Parameters);
        int columns = spec.States + spec.Parameters, m = measurement.Count;

        w.Line("/// <summary>M, the number of outputs of the [Measurement] method '" + measurement.UserMethodName + "'.</summary>");
        w.Line("public static int MeasurementCount => " + NumberFormatter.Integer(m) + ";");
        w.Line();

        ModelEmitter.WritePattern(w, "MeasurementJacobianPattern", JacobianPatternField, "CSR pattern of ∂h/∂(x,p)", derivatives.Jacobian);
        ModelEmitter.WritePattern(w, "MeasurementSecondDerivativePattern", SecondDerivativePatternField, "Lower-triangle CSR pattern of Σₗ wₗ ∇²hₗ over (x,p)", derivatives.SecondDerivative);

        Member(w, spec, graph, "Measurement", "y = h(x, p, u).", "y", m, usesWeights: false, outputs);
        Member(w, spec, graph, "MeasurementJacobian", "∂h/∂(x,p) in MeasurementJacobianPattern order.", "values", derivatives.Jacobian.Entries.Count, usesWeights: false,
            derivatives.Jacobian.Entries.Select(e => e.Node).ToList());
        Member(w, spec, graph, "MeasurementJacobianTransposeProduct", "result = wᵀ ∂h/∂(x,p), length D + P, for w of length M.", "result", columns, usesWeights: true,
            derivatives.TransposeProduct.ToList());
        Member(w, spec, graph, "MeasurementSecondDerivativeContraction", "Σₗ wₗ ∇²hₗ in MeasurementSecondDerivativePattern order.", "values", derivatives.SecondDerivative.Entries.Count,
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
