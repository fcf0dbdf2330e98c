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

    public TrainingPairs Pairs { get; }

    public int Dimension => _gradient.Length;

    /// <summary>The adjoint integrator of the last example evaluated (its states and momenta).</summary>
    public AdjointGradient<TModel> Adjoint => _adjoint;

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
