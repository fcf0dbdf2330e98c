using System;

namespace DeepestLearning;

/// <summary>
/// The backpropagation baseline: the least-squares loss Σ_k Σ_{i∈O} (x_k,i(L) − y_k,i)² of the forward
/// pass from each input, as a function of the weights alone, with its exact gradient by the
/// generated vector–Jacobian products run backwards through the layers (the adjoint p(l) = J_lᵀ p(l+1),
/// p(L) = 2(x(L) − y)). Allocates nothing per evaluation.
/// </summary>
public sealed class Backpropagation<TNet> : IObjective where TNet : ILayeredNetwork<TNet>
{
    private readonly double[] _states, _adjoint, _adjointNext;

    /// <summary>The loss of the network <typeparamref name="TNet"/> over <paramref name="pairs"/>.</summary>
    /// <param name="pairs">Training pairs whose widths match the network's input and output widths.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is null.</exception>
    /// <exception cref="ArgumentException">The widths of the pairs differ from the network's.</exception>
    public Backpropagation(TrainingPairs pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.InputWidth != TNet.InputWidth || pairs.OutputWidth != TNet.OutputWidth)
            throw new ArgumentException($"the pairs are {pairs.InputWidth} → {pairs.OutputWidth} but the network is {TNet.InputWidth} → {TNet.OutputWidth}.", nameof(pairs));
        Pairs = pairs;
        _states = new double[NetworkLayout<TNet>.StatesPerExample];
        _adjoint = new double[NetworkLayout<TNet>.MaxWidth];
        _adjointNext = new double[NetworkLayout<TNet>.MaxWidth];
    }

    /// <summary>The training pairs the loss sums over.</summary>
    public TrainingPairs Pairs { get; }

    /// <summary>Σ_l K_l: every weight and bias, layer by layer in the packed order of <see cref="NetworkLayout{TNet}"/>.</summary>
    public int Dimension => NetworkLayout<TNet>.WeightCount;

    /// <summary>Returns Σ_k Σ_{i∈O} (x_k,i(L) − y_k,i)² of the forward pass and writes its exact gradient with respect to the weights.</summary>
    /// <param name="weights">All weights, packed layer by layer.</param>
    /// <param name="gradient">Receives ∂loss/∂weights (at least <see cref="Dimension"/> entries).</param>
    public double Evaluate(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        ModelArguments.RequireLength(weights.Length, Dimension, nameof(weights));
        ModelArguments.RequireLength(gradient.Length, Dimension, nameof(gradient));
        gradient.Slice(0, Dimension).Clear();
        int layers = TNet.LayerCount, outputOffset = NetworkLayout<TNet>.StateOffset(layers);
        double loss = 0.0;
        for (int k = 0; k < Pairs.Count; k++)
        {
            NetworkForward<TNet>.Run(weights, Pairs.Input(k), _states);
            ReadOnlySpan<double> target = Pairs.Target(k);
            Span<double> p = _adjoint.AsSpan(0, TNet.OutputWidth);
            p.Clear();
            foreach (int i in Pairs.MeasuredOutputs)
            {
                double e = _states[outputOffset + i] - target[i];
                loss += e * e;
                p[i] = 2.0 * e;
            }
            for (int l = layers - 1; l >= 0; l--)
            {
                Span<double> previous = _adjointNext.AsSpan(0, TNet.LayerWidth(l));
                previous.Clear();
                TNet.AccumulateVectorJacobianProduct(l, NetworkLayout<TNet>.Layer(_states, l), NetworkLayout<TNet>.Weights(weights, l), p,
                    previous, NetworkLayout<TNet>.MutableWeights(gradient, l));
                previous.CopyTo(_adjoint);
                p = _adjoint.AsSpan(0, previous.Length);
            }
        }
        return loss;
    }
}
