using System;

namespace DeepestLearning;

/// <summary>
/// The network contract, implemented by the source generator for every
/// <see cref="LayeredNetworkAttribute"/> type. Layer l's map takes x(l) (width n_l) with the
/// layer's weights w (K_l of them) to x(l+1) (width n_{l+1}). The variables of every derivative
/// are z = (x, w): columns 0..n_l−1 are the layer's inputs, n_l..n_l+K_l−1 its weights. In a dense
/// layer the weights are stored row by row with the bias last: w = (W_00 … W_0,n−1, b_0, W_10 …).
/// All members are static (JIT-specialized generic code) and every evaluation member allocates nothing.
/// </summary>
public interface ILayeredNetwork<TSelf> where TSelf : ILayeredNetwork<TSelf>
{
    /// <summary>L, the number of layer maps; the layers are x(0) … x(L).</summary>
    static abstract int LayerCount { get; }

    /// <summary>n_0, the width of the input layer.</summary>
    static abstract int InputWidth { get; }

    /// <summary>The width of the hidden layers.</summary>
    static abstract int Width { get; }

    /// <summary>n_L, the width of the output layer.</summary>
    static abstract int OutputWidth { get; }

    /// <summary>n_l, the width of layer x(l), l = 0 … L.</summary>
    static abstract int LayerWidth(int layer);

    /// <summary>K_l, the number of weights of layer l's map, l = 0 … L−1.</summary>
    static abstract int WeightCount(int layer);

    /// <summary>next = f_l(x, w).</summary>
    static abstract void Forward(int layer, ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next);

    /// <summary>
    /// Adds vᵀ ∂f_l/∂x to <paramref name="gx"/> and vᵀ ∂f_l/∂w to <paramref name="gw"/> (backpropagation
    /// through one layer; accumulating lets a caller sum weight gradients over examples without a pass).
    /// </summary>
    static abstract void AccumulateVectorJacobianProduct(int layer, ReadOnlySpan<double> x, ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> gx, Span<double> gw);

    /// <summary>CSR pattern of ∂f_l/∂(x,w): n_{l+1} rows, n_l + K_l columns, structural non-zeros only.</summary>
    static abstract SparsityPattern JacobianPattern(int layer);

    /// <summary>Values of ∂f_l/∂(x,w) in <see cref="JacobianPattern"/> order.</summary>
    static abstract void Jacobian(int layer, ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> values);

    /// <summary>Lower-triangle CSR pattern over (x,w) of Σᵢ vᵢ ∇²f_l,i.</summary>
    static abstract SparsityPattern SecondDerivativePattern(int layer);

    /// <summary>Values of Σᵢ vᵢ ∇²f_l,i in <see cref="SecondDerivativePattern"/> order.</summary>
    static abstract void SecondDerivativeContraction(int layer, ReadOnlySpan<double> x, ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> values);
}
