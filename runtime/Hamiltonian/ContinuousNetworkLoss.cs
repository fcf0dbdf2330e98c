using System;

namespace DeepestLearning;

/// <summary>
/// Training a continuous-depth network dx/dτ = F(x, W(τ)) on [0, T] by the adjoint route: the loss
/// Σ_k Σ_{i∈O} (x_k,i(T) − y_k,i)² with W(τ) piecewise constant over <c>layers</c> equal layers, each
/// integrated with <c>stepsPerLayer</c> explicit steps, and its exact gradient by backward integration
/// of the momentum (<see cref="AdjointGradient{TModel}"/>). The variables are the layers' parameters,
/// layer-major. Allocation-free per evaluation.
/// </summary>
public sealed class ContinuousNetworkLoss<TModel> : IObjective where TModel : IDynamicalModel<TModel>
{
    private readonly AdjointGradient<TModel> _adjoint;
    private readonly double[] _gradient, _initial, _targets;

    /// <summary>The loss over <paramref name="pairs"/> of the network integrated on [0, <paramref name="horizon"/>].</summary>
    /// <param name="pairs">Training pairs; input and output width must both equal the model's D.</param>
    /// <param name="rule">The explicit step used forwards (its exact adjoint runs backwards).</param>
    /// <param name="horizon">T, positive and finite.</param>
    /// <param name="layers">Number of weight layers (parameter sets of the model).</param>
    /// <param name="stepsPerLayer">Steps per layer; the step length is T / (layers · stepsPerLayer).</param>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is null.</exception>
    /// <exception cref="ArgumentException">The widths do not match the model, or <paramref name="horizon"/> is not positive and finite.</exception>
    public ContinuousNetworkLoss(TrainingPairs pairs, ExplicitRule rule, double horizon, int layers, int stepsPerLayer = 1)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.InputWidth != TModel.StateCount || pairs.OutputWidth != TModel.StateCount)
            throw new ArgumentException($"the pairs are {pairs.InputWidth} → {pairs.OutputWidth} but the model has {TModel.StateCount} states.", nameof(pairs));
        if (!(horizon > 0) || !double.IsFinite(horizon)) throw new ArgumentException($"horizon = {horizon} must be positive and finite.", nameof(horizon));
        Pairs = pairs;
        _adjoint = new AdjointGradient<TModel>(rule, layers, horizon / (layers * stepsPerLayer), stepsPerLayer);
        _gradient = new double[layers * TModel.ParameterCount];
        _initial = new double[TModel.StateCount];
        _targets = new double[pairs.MeasuredOutputs.Length];
    }

    /// <summary>The training pairs the loss sums over.</summary>
    public TrainingPairs Pairs { get; }

    /// <summary>layers · P: the parameters of every layer, layer-major.</summary>
    public int Dimension => _gradient.Length;

    /// <summary>The adjoint integrator of the last example evaluated (its states and momenta).</summary>
    public AdjointGradient<TModel> Adjoint => _adjoint;

    /// <summary>Returns Σ_k Σ_{i∈O} (x_k,i(T) − y_k,i)² and writes its exact gradient with respect to the weights.</summary>
    /// <param name="weights">The <see cref="Dimension"/> layer parameters, layer-major.</param>
    /// <param name="gradient">Receives the gradient (at least <see cref="Dimension"/> entries).</param>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> is too short.</exception>
    public double Evaluate(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        ModelArguments.RequireLength(gradient.Length, Dimension, nameof(gradient));
        gradient.Slice(0, Dimension).Clear();
        double loss = 0;
        for (int k = 0; k < Pairs.Count; k++)
        {
            ReadOnlySpan<double> target = Pairs.Target(k);
            for (int c = 0; c < _targets.Length; c++) _targets[c] = target[Pairs.MeasuredOutputs[c]];
            // R_m = 2 makes R_m/2 Σ e² the plain sum of squares.
            loss += _adjoint.Evaluate(Pairs.Input(k), weights, Pairs.MeasuredOutputs, _targets, 2.0, _gradient, _initial);
            VectorMath.AddScaled(gradient.Slice(0, Dimension), 1.0, _gradient);
        }
        return loss;
    }
}
