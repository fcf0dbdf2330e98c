using System;

namespace DeepestLearning;

/// <summary>
/// An explicit one-step map Φ (forward Euler or RK4) of a model together with its exact discrete
/// adjoint (docs/design.md §1.4): <see cref="Adjoint"/> gives p(n) = (∂Φ/∂x)ᵀ p(n+1) and accumulates
/// (∂Φ/∂θ)ᵀ p(n+1), from the generated vector–Jacobian products at the stage points. The pair is a
/// symplectic partitioned method: p(n+1)·δx(n+1) = p(n)·δx(n) for every tangent δx propagated by
/// <see cref="Tangent(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>; backward integration of p is backpropagation through the steps.
/// Stimuli: u0 at t_n, uMid at t_n + Δt/2, u1 at t_n+1 (empty spans for a model without stimuli).
/// Every step allocates nothing. The rules themselves are <see cref="ForwardEulerStep{TModel}"/> and
/// <see cref="RungeKutta4Step{TModel}"/>; this class is their public face.
/// </summary>
public sealed class ExplicitStep<TModel> where TModel : IDynamicalModel<TModel>
{
    // Exactly one of the two is set: the rule's own step, with its tangent and adjoint.
    private readonly ForwardEulerStep<TModel>? _euler;
    private readonly RungeKutta4Step<TModel>? _rk4;

    /// <summary>A step of the given rule with its scratch storage.</summary>
    /// <param name="rule">Forward Euler or RK4.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rule"/> is not a defined rule.</exception>
    public ExplicitStep(ExplicitRule rule)
    {
        if (rule is not (ExplicitRule.ForwardEuler or ExplicitRule.RungeKutta4)) throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown rule.");
        Rule = rule;
        if (rule == ExplicitRule.ForwardEuler) _euler = new ForwardEulerStep<TModel>();
        else _rk4 = new RungeKutta4Step<TModel>();
    }

    /// <summary>The one-step map this instance applies.</summary>
    public ExplicitRule Rule { get; }

    /// <summary>next = Φ(x).</summary>
    public void Forward(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1,
        double dt, Span<double> next)
    {
        ModelArguments.RequireLength(next.Length, TModel.StateCount, nameof(next));
        if (_euler is not null) _euler.Forward(x, parameters, u0, dt, next);
        else _rk4!.Forward(x, parameters, u0, uMid, u1, dt, next);
    }

    /// <summary>
    /// p = (∂Φ/∂x)ᵀ pNext, and parameterGradient += (∂Φ/∂θ)ᵀ pNext (the adjoint of one step).
    /// </summary>
    public void Adjoint(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1,
        double dt, ReadOnlySpan<double> pNext, Span<double> p, Span<double> parameterGradient)
    {
        int d = TModel.StateCount;
        ModelArguments.RequireLength(pNext.Length, d, nameof(pNext));
        ModelArguments.RequireLength(p.Length, d, nameof(p));
        ModelArguments.RequireLength(parameterGradient.Length, TModel.ParameterCount, nameof(parameterGradient));
        if (_euler is not null)
        {
            _euler.Adjoint(x, parameters, u0, dt, pNext, p, parameterGradient);
            return;
        }
        // The reverse sweep needs the stages of this step: recompute them.
        _rk4!.Stages(x, parameters, u0, uMid, u1, dt);
        _rk4.AdjointOfStages(x, parameters, u0, uMid, u1, dt, pNext, p, parameterGradient);
    }

    /// <summary>dNext = (∂Φ/∂x) dx: the tangent-linear step (for the adjoint invariant and sensitivity studies).</summary>
    public void Tangent(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1,
        double dt, ReadOnlySpan<double> dx, Span<double> dNext)
        => Tangent(x, parameters, u0, uMid, u1, dt, dx, default, dNext);

    /// <summary>
    /// dNext = (∂Φ/∂x) dx + (∂Φ/∂θ) dθ: the tangent-linear step in state and parameters, the
    /// forward sensitivity equation of the discrete map (an empty <paramref name="dParameters"/> means dθ = 0).
    /// </summary>
    public void Tangent(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1,
        double dt, ReadOnlySpan<double> dx, ReadOnlySpan<double> dParameters, Span<double> dNext)
    {
        int d = TModel.StateCount;
        ModelArguments.RequireLength(dx.Length, d, nameof(dx));
        ModelArguments.RequireLength(dNext.Length, d, nameof(dNext));
        if (!dParameters.IsEmpty) ModelArguments.RequireLength(dParameters.Length, TModel.ParameterCount, nameof(dParameters));
        if (_euler is not null)
        {
            _euler.Tangent(x, parameters, u0, dt, dx, dParameters, dNext);
            return;
        }
        _rk4!.Stages(x, parameters, u0, uMid, u1, dt);
        _rk4.StageJacobians(x, parameters, u0, uMid, u1);
        _rk4.TangentOfStages(dt, dx, dParameters, dNext);
    }
}
