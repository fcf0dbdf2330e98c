using System;

namespace DeepestLearning;

/// <summary>
/// Backpropagation as backward integration of the canonical momentum (docs/design.md §1.4, R_f → ∞): the
/// strong-constraint action A = R_m/2 Σ_{l∈obs} (x_l(N) − y_l)² of the trajectory x(n+1) = Φ(x(n), θ(n))
/// with piecewise-constant parameters: one set per layer, held for <c>stepsPerLayer</c> steps (a
/// continuous-depth network whose weights change from layer to layer, integrated with a finer step).
/// The momentum starts at p(N) = −R_m(x(N) − y) on the observed components, runs backwards with the
/// exact discrete adjoint p(n) = (∂Φ/∂x)ᵀ p(n+1), and gives ∂A/∂θ(n) = −(∂Φ/∂θ)ᵀ p(n+1) and
/// ∂A/∂x(0) = −p(0). Allocation-free after construction.
/// </summary>
public sealed class AdjointGradient<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly ExplicitStep<TModel> _step;
    private readonly double[] _states, _momentum, _scratch;

    /// <summary>Prepares the forward and backward sweeps for <paramref name="layers"/> · <paramref name="stepsPerLayer"/> steps; all storage is allocated here.</summary>
    /// <param name="rule">The explicit step Φ (forward Euler or RK4) and its exact adjoint.</param>
    /// <param name="layers">Number of parameter sets; the model's P parameters are repeated once per layer.</param>
    /// <param name="dt">Step length (may be negative, not zero).</param>
    /// <param name="stepsPerLayer">Steps taken with each parameter set.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layers"/> or <paramref name="stepsPerLayer"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="dt"/> is zero or not finite.</exception>
    /// <exception cref="NotSupportedException">The model has stimuli (only autonomous models are integrated).</exception>
    public AdjointGradient(ExplicitRule rule, int layers, double dt, int stepsPerLayer = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerLayer, 1);
        int steps = layers * stepsPerLayer;
        if (!(dt != 0) || !double.IsFinite(dt)) throw new ArgumentException($"dt = {dt} must be finite and not zero.", nameof(dt));
        if (TModel.StimulusCount > 0) throw new NotSupportedException($"{typeof(TModel).Name} has stimuli; the adjoint gradient integrates autonomous models.");
        Layers = layers;
        StepsPerLayer = stepsPerLayer;
        Steps = steps;
        Dt = dt;
        _step = new ExplicitStep<TModel>(rule);
        int d = TModel.StateCount;
        _states = new double[(steps + 1) * d];
        _momentum = new double[(steps + 1) * d];
        _scratch = new double[TModel.ParameterCount];
    }

    /// <summary>Parameter sets (layers); each holds for <see cref="StepsPerLayer"/> steps.</summary>
    public int Layers { get; }
    /// <summary>Integration steps taken with each parameter set.</summary>
    public int StepsPerLayer { get; }

    /// <summary>N = Layers · StepsPerLayer integration steps of length <see cref="Dt"/>.</summary>
    public int Steps { get; }
    /// <summary>The length of one integration step.</summary>
    public double Dt { get; }

    /// <summary>x(n) of the last evaluation, n = 0 … N.</summary>
    public ReadOnlySpan<double> State(int n) => _states.AsSpan(n * TModel.StateCount, TModel.StateCount);

    /// <summary>p(n) of the last evaluation, n = 0 … N.</summary>
    public ReadOnlySpan<double> Momentum(int n) => _momentum.AsSpan(n * TModel.StateCount, TModel.StateCount);

    /// <summary>
    /// Returns A and writes ∂A/∂θ (Layers × P, layer-major) and ∂A/∂x(0). <paramref name="parameters"/> holds
    /// Layers × P values (layer-major); <paramref name="target"/> one value per observed component.
    /// </summary>
    public double Evaluate(ReadOnlySpan<double> x0, ReadOnlySpan<double> parameters, ReadOnlySpan<int> observed, ReadOnlySpan<double> target, double precision,
        Span<double> parameterGradient, Span<double> initialGradient)
    {
        int d = TModel.StateCount, np = TModel.ParameterCount, n = Steps, per = StepsPerLayer;
        ModelArguments.RequireLength(x0.Length, d, nameof(x0));
        ModelArguments.RequireLength(parameters.Length, Layers * np, nameof(parameters));
        ModelArguments.RequireLength(target.Length, observed.Length, nameof(target));
        ModelArguments.RequireLength(parameterGradient.Length, Layers * np, nameof(parameterGradient));
        ModelArguments.RequireLength(initialGradient.Length, d, nameof(initialGradient));
        foreach (int c in observed)
            if ((uint)c >= (uint)d) throw new ArgumentException($"observed component {c} lies outside 0 … {d - 1}.", nameof(observed));

        ReadOnlySpan<double> none = default;
        x0.Slice(0, d).CopyTo(_states);
        for (int s = 0; s < n; s++)
            _step.Forward(_states.AsSpan(s * d, d), parameters.Slice(s / per * np, np), none, none, none, Dt, _states.AsSpan((s + 1) * d, d));

        Span<double> pEnd = _momentum.AsSpan(n * d, d);
        pEnd.Clear();
        double value = 0;
        for (int c = 0; c < observed.Length; c++)
        {
            double e = _states[n * d + observed[c]] - target[c];
            value += 0.5 * precision * e * e;
            pEnd[observed[c]] = -precision * e;
        }
        parameterGradient.Slice(0, Layers * np).Clear();
        for (int s = n - 1; s >= 0; s--)
        {
            _scratch.AsSpan().Clear();
            _step.Adjoint(_states.AsSpan(s * d, d), parameters.Slice(s / per * np, np), none, none, none, Dt,
                _momentum.AsSpan((s + 1) * d, d), _momentum.AsSpan(s * d, d), _scratch);
            for (int k = 0; k < np; k++) parameterGradient[s / per * np + k] -= _scratch[k];
        }
        for (int a = 0; a < d; a++) initialGradient[a] = -_momentum[a];
        return value;
    }
}
