using System;

namespace DeepestLearning;

/// <summary>
/// Declares a layered network x(l+1) = f_l(x(l), W(l)), l = 0 … Layers−1 (docs/design.md §1.3): the
/// layer index is time, so x(0) is the input layer and x(Layers) the output layer. Two forms:
/// <list type="bullet">
/// <item>a dense network: the type has exactly one <see cref="ActivationAttribute"/> method g and
/// no <see cref="LayerMapAttribute"/> method; layer l is x_j(l+1) = g(Σ_k W_jk(l) x_k(l) + b_j(l)).
/// The input and output layers may have their own widths (<see cref="InputWidth"/>,
/// <see cref="OutputWidth"/>); hidden layers have <see cref="Width"/>;</item>
/// <item>a user-defined layer: a static <see cref="LayerMapAttribute"/> method
/// <c>(ReadOnlySpan&lt;double&gt; x, ReadOnlySpan&lt;double&gt; w, Span&lt;double&gt; next)</c> with
/// <see cref="WeightsPerLayer"/> weights per layer (residual layers, for example); every layer has
/// <see cref="Width"/> neurons.</item>
/// </list>
/// The source generator makes the type implement <see cref="ILayeredNetwork{TSelf}"/>. The type must be <c>partial</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class LayeredNetworkAttribute : Attribute
{
    /// <summary>Neurons in every hidden layer (and in the input/output layers unless they say otherwise).</summary>
    public int Width { get; set; }

    /// <summary>Number of layer maps L: the network has layers x(0) … x(L).</summary>
    public int Layers { get; set; }

    /// <summary>Neurons in the input layer x(0) of a dense network; 0 means <see cref="Width"/>.</summary>
    public int InputWidth { get; set; }

    /// <summary>Neurons in the output layer x(L) of a dense network; 0 means <see cref="Width"/>.</summary>
    public int OutputWidth { get; set; }

    /// <summary>Weights per layer K of a <see cref="LayerMapAttribute"/> network (dense networks have W and b).</summary>
    public int WeightsPerLayer { get; set; }
}
