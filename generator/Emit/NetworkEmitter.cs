using System.Collections.Generic;
using System.Linq;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;
using static DeepestLearning.Generator.Emit.GlobalNames;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// Writes {TypeName}.DeepestLearning.g.cs for a [LayeredNetwork]: the ILayeredNetwork members.
/// A dense network keeps loops over the weight matrix and differentiates one generic row
/// symbolically (g, g', g'' of the activation), so the emitted size does not grow with the width;
/// a [LayerMap] network is differentiated like a vector field over (x, w) and emitted as straight-line code.
/// </summary>
internal static class NetworkEmitter
{
    private const string Patterns = "global::DeepestLearning.DenseLayerPatterns";
    private const string Kernels = "global::DeepestLearning.NetworkKernels";
    private const string RequireLayer = "global::DeepestLearning.ModelArguments.RequireIndex(layer, LayerCount, nameof(layer));";
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    public static string Emit(NetworkSpec spec)
    {
        var graph = ExpressionGraph.Import(spec.Nodes);
        var w = new IndentedWriter();
        GeneratedFile.Open(w, (spec.IsDense ? "the [Activation] method '" : "the [LayerMap] method '") + spec.UserMethodName + "'", spec.Namespace, spec.ContainingTypes, spec.Type, "ILayeredNetwork");

        Property(w, "LayerCount", "L, the number of layer maps; the layers are x(0) … x(L).", spec.Layers);
        Property(w, "InputWidth", "Neurons in the input layer x(0).", spec.InputWidth);
        Property(w, "Width", "Neurons in every hidden layer.", spec.Width);
        Property(w, "OutputWidth", "Neurons in the output layer x(L).", spec.OutputWidth);

        w.Line("/// <summary>n_l, the width of layer x(l), l = 0 … L.</summary>");
        w.Open("public static int LayerWidth(int layer)");
        w.Line("global::DeepestLearning.ModelArguments.RequireIndex(layer, LayerCount + 1, nameof(layer));");
        w.Line("return layer == 0 ? " + Int(spec.InputWidth) + " : layer == " + Int(spec.Layers) + " ? " + Int(spec.OutputWidth) + " : " + Int(spec.Width) + ";");
        w.Close();
        w.Line();

        if (spec.IsDense) WriteDense(w, spec, graph);
        else WriteLayerMap(w, spec, graph);

        GeneratedFile.Close(w, spec.Namespace, spec.ContainingTypes);
        return w.ToString();
    }

    private static string Int(int value) => NumberFormatter.Integer(value);

    private static void Property(IndentedWriter w, string name, string summary, int value)
    {
        w.Line("/// <summary>" + summary + "</summary>");
        w.Line("public static int " + name + " => " + Int(value) + ";");
        w.Line();
    }

    // ------------------------------------------------------------------ dense layers

    private static void WriteDense(IndentedWriter w, NetworkSpec spec, ExpressionGraph graph)
    {
        int g = spec.Outputs[0];
        int input = graph.Variable(Op.State, 0);
        int slope = Derivative(graph, g, input);
        int curvature = Derivative(graph, slope, input);
        bool hasCurvature = !graph.IsConstant(curvature, 0.0);
        string shape = "int nIn = LayerWidth(layer), nOut = LayerWidth(layer + 1);";

        w.Line("/// <summary>K_l = n_{l+1}·(n_l + 1): a weight row and a bias per neuron of the next layer.</summary>");
        w.Open("public static int WeightCount(int layer)");
        w.Line(RequireLayer);
        w.Line("return LayerWidth(layer + 1) * (LayerWidth(layer) + 1);");
        w.Close();
        w.Line();

        // Patterns are built on first use and shared by the layers of one shape (first, hidden, last).
        w.Line("private static readonly " + Pattern + "?[] __dlJacobianPatterns = new " + Pattern + "?[3];");
        w.Line("private static readonly " + Pattern + "?[] __dlSecondDerivativePatterns = new " + Pattern + "?[3];");
        w.Line();
        w.Line("private static int __dlShape(int layer) => layer == 0 ? 0 : layer == " + Int(spec.Layers - 1) + " ? 2 : 1;");
        w.Line();
        w.Line("/// <summary>CSR pattern of ∂f_l/∂(x,w) (DenseLayerPatterns.Jacobian).</summary>");
        w.Open("public static " + Pattern + " JacobianPattern(int layer)");
        w.Line(RequireLayer);
        w.Line("return __dlJacobianPatterns[__dlShape(layer)] ??= " + Patterns + ".Jacobian(LayerWidth(layer), LayerWidth(layer + 1));");
        w.Close();
        w.Line();
        w.Line("/// <summary>Lower-triangle CSR pattern of Σᵢ vᵢ ∇²f_l,i (DenseLayerPatterns.SecondDerivative" + (hasCurvature ? "" : "; the activation is linear, so only W–x entries") + ").</summary>");
        w.Open("public static " + Pattern + " SecondDerivativePattern(int layer)");
        w.Line(RequireLayer);
        w.Line("return __dlSecondDerivativePatterns[__dlShape(layer)] ??= " + Patterns + ".SecondDerivative(LayerWidth(layer), LayerWidth(layer + 1), curvature: " + (hasCurvature ? "true" : "false") + ");");
        w.Close();
        w.Line();

        WriteActivation(w, graph, "__dlActivation", "g(a)", new[] { ("value", g) });
        WriteActivation(w, graph, "__dlSlope", "g'(a)", new[] { ("value", slope) });
        WriteActivation(w, graph, "__dlSlopeAndCurvature", "g'(a) and g''(a)", new[] { ("slope", slope), ("curvature", curvature) });

        string xw = ReadOnlySpan + " x, " + ReadOnlySpan + " w";
        w.Line("/// <summary>next_j = g(Σ_k W_jk x_k + b_j). Allocates nothing.</summary>");
        w.Open("public static void Forward(int layer, " + xw + ", " + Span + " next)");
        DenseChecks(w, shape, "next", "nOut");
        OpenRowLoop(w);
        w.Line("next[j] = __dlActivation(" + PreActivation + ");");
        w.Close();
        w.Close();
        w.Line();

        w.Line("/// <summary>gx += vᵀ ∂f/∂x, gw += vᵀ ∂f/∂w: s_j = v_j g'(a_j), gx += s_j W_j·, gW_j· += s_j x, gb_j += s_j. Allocates nothing.</summary>");
        w.Open("public static void AccumulateVectorJacobianProduct(int layer, " + xw + ", " + ReadOnlySpan + " v, " + Span + " gx, " + Span + " gw)");
        DenseChecks(w, shape, "v", "nOut");
        w.Line(Require + "(gx.Length, nIn, nameof(gx));");
        w.Line(Require + "(gw.Length, nOut * (nIn + 1), nameof(gw));");
        w.Line(ReadOnlySpan + " input = x.Slice(0, nIn);");
        OpenRowLoop(w);
        w.Line("double s = v[j] * __dlSlope(row[nIn] + " + Kernels + ".Dot(row.Slice(0, nIn), input));");
        w.Line(Kernels + ".AddScaled(gx, s, row.Slice(0, nIn));");
        w.Line(Span + " gRow = gw.Slice(j * (nIn + 1), nIn + 1);");
        w.Line(Kernels + ".AddScaled(gRow, s, input);");
        w.Line("gRow[nIn] += s;");
        w.Close();
        w.Close();
        w.Line();

        w.Line("/// <summary>∂f/∂(x,w) in JacobianPattern order: per row j, g'·W_j·, g'·x, g'. Allocates nothing.</summary>");
        w.Open("public static void Jacobian(int layer, " + xw + ", " + Span + " values)");
        DenseChecks(w, shape, "values", "nOut * (2 * nIn + 1)");
        w.Line("int e = 0;");
        OpenRowLoop(w);
        w.Line("double d = __dlSlope(" + PreActivation + ");");
        w.Line("for (int k = 0; k < nIn; k++) values[e++] = d * row[k];");
        w.Line("for (int k = 0; k < nIn; k++) values[e++] = d * x[k];");
        w.Line("values[e++] = d;");
        w.Close();
        w.Close();
        w.Line();

        w.Line("/// <summary>Σ_j v_j ∇²g(a_j) over (x,w) in SecondDerivativePattern order: v_j[g''_j ∇a_j∇a_jᵀ + g'_j ∇²a_j]. Allocates nothing.</summary>");
        w.Open("public static void SecondDerivativeContraction(int layer, " + xw + ", " + ReadOnlySpan + " v, " + Span + " values)");
        if (hasCurvature)
        {
            DenseChecks(w, shape, "v", "nOut");
            w.Line("int triangle = nIn * (nIn + 1) / 2;");
            w.Line(Require + "(values.Length, triangle + nOut * (nIn * nIn + triangle + 2 * nIn + 1), nameof(values));");
            w.Line("// x–x block: Σ_j v_j g''_j W_jm W_jk, accumulated over the neurons j.");
            w.Line("values.Slice(0, triangle).Clear();");
            OpenRowLoop(w);
            w.Line("__dlSlopeAndCurvature(" + PreActivation + ", out _, out double curvature);");
            w.Line("double c = v[j] * curvature;");
            w.Line("for (int m = 0; m < nIn; m++) " + Kernels + ".AddScaled(values.Slice(m * (m + 1) / 2, m + 1), c * row[m], row.Slice(0, m + 1));");
            w.Close();
            w.Line("int e = triangle;");
            OpenRowLoop(w);
            w.Line("__dlSlopeAndCurvature(" + PreActivation + ", out double slope, out double curvature);");
            w.Line("double c1 = v[j] * slope, c2 = v[j] * curvature;");
            w.Open("for (int k = 0; k < nIn; k++)");
            w.Line("// Row W_jk: columns x_m (g'' term, plus g' where m = k), then W_j0 … W_jk.");
            w.Line("double ck = c2 * x[k];");
            w.Line("for (int m = 0; m < nIn; m++) values[e + m] = ck * row[m];");
            w.Line("values[e + k] += c1;");
            w.Line("e += nIn;");
            w.Line("for (int q = 0; q <= k; q++) values[e++] = ck * x[q];");
            w.Close();
            w.Line("// Row b_j: columns x_m, W_j·, b_j.");
            w.Line("for (int m = 0; m < nIn; m++) values[e++] = c2 * row[m];");
            w.Line("for (int q = 0; q < nIn; q++) values[e++] = c2 * x[q];");
            w.Line("values[e++] = c2;");
            w.Close();
        }
        else
        {
            DenseChecks(w, shape, "v", "nOut");
            w.Line(Require + "(values.Length, nOut * nIn, nameof(values));");
            w.Line("// A linear activation leaves only ∂²a_j/∂W_jk∂x_k = 1, weighted by v_j g'.");
            w.Line("int e = 0;");
            OpenRowLoop(w);
            w.Line("double c1 = v[j] * __dlSlope(" + PreActivation + ");");
            w.Line("for (int k = 0; k < nIn; k++) values[e++] = c1;");
            w.Close();
        }
        w.Close();
    }

    /// <summary>a_j = b_j + Σ_k W_jk x_k for the current row (inside <see cref="OpenRowLoop"/>).</summary>
    private const string PreActivation = "row[nIn] + " + Kernels + ".Dot(row.Slice(0, nIn), x)";

    /// <summary>Opens the loop over the neurons j of the next layer with row = (W_j0 … W_j,n−1, b_j).</summary>
    private static void OpenRowLoop(IndentedWriter w)
    {
        w.Open("for (int j = 0; j < nOut; j++)");
        w.Line(ReadOnlySpan + " row = w.Slice(j * (nIn + 1), nIn + 1);");
    }

    private static void DenseChecks(IndentedWriter w, string shape, string sized, string sizedLength)
    {
        w.Line(RequireLayer);
        w.Line(shape);
        w.Line(Require + "(x.Length, nIn, nameof(x));");
        w.Line(Require + "(w.Length, nOut * (nIn + 1), nameof(w));");
        w.Line(Require + "(" + sized + ".Length, " + sizedLength + ", nameof(" + sized + "));");
    }

    private static int Derivative(ExpressionGraph graph, int node, int variable) =>
        Differentiator.Gradient(graph, new[] { (node, graph.One) }).TryGetValue(variable, out int derivative) ? derivative : graph.Zero;

    /// <summary>A private inlined helper computing the activation (or its derivatives) of a as straight-line code.</summary>
    private static void WriteActivation(IndentedWriter w, ExpressionGraph graph, string name, string summary, (string Target, int Node)[] outputs)
    {
        w.Line("/// <summary>" + summary + " of the activation, differentiated symbolically.</summary>");
        w.Line(Inline);
        if (outputs.Length == 1)
        {
            w.Open("private static double " + name + "(double a)");
            w.Line("double value;");
        }
        else
        {
            w.Open("private static void " + name + "(double a, " + string.Join(", ", outputs.Select(o => "out double " + o.Target)) + ")");
        }
        StraightLineCode.Write(w, graph, outputs, _ => "a");
        if (outputs.Length == 1) w.Line("return value;");
        w.Close();
        w.Line();
    }

    // ------------------------------------------------------------------ [LayerMap] layers

    private static void WriteLayerMap(IndentedWriter w, NetworkSpec spec, ExpressionGraph graph)
    {
        int n = spec.Width, k = spec.WeightsPerLayer;
        var derivatives = ModelDerivatives.Build(graph, spec.Outputs.ToList(), n, k);

        w.Line("/// <summary>K = WeightsPerLayer, the same for every layer.</summary>");
        w.Open("public static int WeightCount(int layer)");
        w.Line(RequireLayer);
        w.Line("return " + Int(k) + ";");
        w.Close();
        w.Line();

        IntArrays.WritePatternField(w, "__dlJacobianPattern", derivatives.Jacobian);
        IntArrays.WritePatternField(w, "__dlSecondDerivativePattern", derivatives.SecondDerivative);
        w.Line("/// <summary>CSR pattern of ∂f_l/∂(x,w); the same for every layer.</summary>");
        w.Line("public static " + Pattern + " JacobianPattern(int layer) { " + RequireLayer + " return __dlJacobianPattern; }");
        w.Line();
        w.Line("/// <summary>Lower-triangle CSR pattern of Σᵢ vᵢ ∇²f_l,i; the same for every layer.</summary>");
        w.Line("public static " + Pattern + " SecondDerivativePattern(int layer) { " + RequireLayer + " return __dlSecondDerivativePattern; }");
        w.Line();

        string xw = ReadOnlySpan + " x, " + ReadOnlySpan + " w";
        MemberSignature Signature(bool usesV, (string Name, int Count)[] outputs)
        {
            var checks = new List<string> { RequireLayer, Require + "(x.Length, " + Int(n) + ", nameof(x));", Require + "(w.Length, " + Int(k) + ", nameof(w));" };
            if (usesV) checks.Add(Require + "(v.Length, " + Int(n) + ", nameof(v));");
            var touches = new List<string> { "_ = x[" + Int(n - 1) + "];", "_ = w[" + Int(k - 1) + "];" };
            if (usesV) touches.Add("_ = v[" + Int(n - 1) + "];");
            foreach (var (name, count) in outputs)
            {
                checks.Add(Require + "(" + name + ".Length, " + Int(count) + ", nameof(" + name + "));");
                if (count > 0) touches.Add("_ = " + name + "[" + Int(count - 1) + "];");
            }
            string outputParameters = string.Join(", ", outputs.Select(o => Span + " " + o.Name));
            return new MemberSignature(
                "int layer, " + xw + ", " + (usesV ? ReadOnlySpan + " v, " : "") + outputParameters,
                "layer, x, w, " + (usesV ? "v, " : "") + string.Join(", ", outputs.Select(o => o.Name)),
                checks, touches, LayerMapLeaf);
        }

        ChunkedMember.Write(w, graph, "Forward", "next = f(x, w).", Signature(false, new[] { ("next", n) }),
            spec.Outputs.Select((node, i) => ("next[" + Int(i) + "]", node)).ToList());

        var products = new List<(string, int)>();
        for (int column = 0; column < n + k; column++)
        {
            int node = derivatives.TransposeProduct[column];
            if (graph.IsConstant(node, 0.0)) continue;
            products.Add((column < n ? "gx[" + Int(column) + "]" : "gw[" + Int(column - n) + "]", node));
        }
        ChunkedMember.Write(w, graph, "AccumulateVectorJacobianProduct", "gx += vᵀ ∂f/∂x, gw += vᵀ ∂f/∂w.",
            Signature(true, new[] { ("gx", n), ("gw", k) }), products, assignment: " += ");

        ChunkedMember.Write(w, graph, "Jacobian", "∂f/∂(x,w) in JacobianPattern order.", Signature(false, new[] { ("values", derivatives.Jacobian.Entries.Count) }),
            derivatives.Jacobian.Entries.Select((e, i) => ("values[" + Int(i) + "]", e.Node)).ToList());
        ChunkedMember.Write(w, graph, "SecondDerivativeContraction", "Σᵢ vᵢ ∇²fᵢ in SecondDerivativePattern order.",
            Signature(true, new[] { ("values", derivatives.SecondDerivative.Entries.Count) }),
            derivatives.SecondDerivative.Entries.Select((e, i) => ("values[" + Int(i) + "]", e.Node)).ToList(), last: true);
    }

    private static string LayerMapLeaf(NodeSpec node)
    {
        string index = NumberFormatter.Integer((int)node.Value);
        return node.Op switch
        {
            Op.State => "x[" + index + "]",
            Op.Parameter => "w[" + index + "]",
            _ => "v[" + index + "]",
        };
    }
}
