using System;

namespace DeepestLearning;

/// <summary>
/// An explicit one-step map Φ (forward Euler or RK4) of a model together with its exact discrete
/// adjoint (docs/design.md §1.4): <see cref="Adjoint"/> gives p(n) = (∂Φ/∂x)ᵀ p(n+1) and accumulates
/// (∂Φ/∂θ)ᵀ p(n+1), from the generated vector–Jacobian products at the stage points. The pair is a
/// symplectic partitioned method: p(n+1)·δx(n+1) = p(n)·δx(n) for every tangent δx propagated by
/// <see cref="Tangent(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, double, ReadOnlySpan{double}, Span{double})"/>; backward integration of p is backpropagation through the steps.
/// Stimuli: u0 at t_n, uMid at t_n + Δt/2, u1 at t_n+1 (empty spans for a model without stimuli).
/// Every step allocates nothing.
/// </summary>
public sealed class ExplicitStep<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly double[] _k1, _k2, _k3, _k4, _y, _bar1, _bar2, _bar3, _bar4, _product, _jacobian;

    /// <summary>A step of the given rule with its scratch storage.</summary>
    /// <param name="rule">Forward Euler or RK4.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rule"/> is not a defined rule.</exception>
    public ExplicitStep(ExplicitRule rule)
    {
        if (rule is not (ExplicitRule.ForwardEuler or ExplicitRule.RungeKutta4)) throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown rule.");
        Rule = rule;
        int d = TModel.StateCount;
        _k1 = new double[d];
        _k2 = new double[d];
        _k3 = new double[d];
        _k4 = new double[d];
        _y = new double[d];
        _bar1 = new double[d];
        _bar2 = new double[d];
        _bar3 = new double[d];
        _bar4 = new double[d];
        _product = new double[d + TModel.ParameterCount];
        _jacobian = new double[TModel.JacobianPattern.NonZeroCount];
    }

    /// <summary>The one-step map this instance applies.</summary>
    public ExplicitRule Rule { get; }

    /// <summary>next = Φ(x).</summary>
    public void Forward(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1,
        double dt, Span<double> next)
    {
        int d = TModel.StateCount;
        ModelArguments.RequireLength(next.Length, d, nameof(next));
        TModel.VectorField(x, parameters, u0, _k1);
        if (Rule == ExplicitRule.ForwardEuler)
        {
            for (int a = 0; a < d; a++) next[a] = x[a] + dt * _k1[a];
            return;
        }
        Stages(x, parameters, uMid, u1, dt);
        for (int a = 0; a < d; a++) next[a] = x[a] + dt / 6.0 * (_k1[a] + 2 * _k2[a] + 2 * _k3[a] + _k4[a]);
    }

    /// <summary>
    /// p = (∂Φ/∂x)ᵀ pNext, and parameterGradient += (∂Φ/∂θ)ᵀ pNext (the adjoint of one step).
    /// </summary>
    public void Adjoint(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1,
        double dt, ReadOnlySpan<double> pNext, Span<double> p, Span<double> parameterGradient)
    {
        int d = TModel.StateCount, np = TModel.ParameterCount;
        ModelArguments.RequireLength(pNext.Length, d, nameof(pNext));
        ModelArguments.RequireLength(p.Length, d, nameof(p));
        ModelArguments.RequireLength(parameterGradient.Length, np, nameof(parameterGradient));
        pNext.Slice(0, d).CopyTo(p);
        if (Rule == ExplicitRule.ForwardEuler)
        {
            // Φ = x + Δt F(x): p = pNext + Δt Jᵀ pNext.
            for (int a = 0; a < d; a++) _bar1[a] = dt * pNext[a];
            AddProduct(x, parameters, u0, _bar1, p, parameterGradient);
            return;
        }

        // Reverse sweep through next = x + Δt/6 (k1 + 2k2 + 2k3 + k4), stages recomputed.
        TModel.VectorField(x, parameters, u0, _k1);
        Stages(x, parameters, uMid, u1, dt);
        for (int a = 0; a < d; a++)
        {
            _bar1[a] = dt / 6.0 * pNext[a];
            _bar2[a] = dt / 3.0 * pNext[a];
            _bar3[a] = dt / 3.0 * pNext[a];
            _bar4[a] = dt / 6.0 * pNext[a];
        }
        // k4 = F(x + Δt k3): ȳ4 = J4ᵀ k̄4 goes to x̄ and, times Δt, to k̄3.
        for (int a = 0; a < d; a++) _y[a] = x[a] + dt * _k3[a];
        TModel.JacobianTransposeProduct(_y, parameters, u1, _bar4, _product);
        Scatter(p, parameterGradient, _bar3, dt);
        // k3 = F(x + Δt/2 k2).
        for (int a = 0; a < d; a++) _y[a] = x[a] + 0.5 * dt * _k2[a];
        TModel.JacobianTransposeProduct(_y, parameters, uMid, _bar3, _product);
        Scatter(p, parameterGradient, _bar2, 0.5 * dt);
        // k2 = F(x + Δt/2 k1).
        for (int a = 0; a < d; a++) _y[a] = x[a] + 0.5 * dt * _k1[a];
        TModel.JacobianTransposeProduct(_y, parameters, uMid, _bar2, _product);
        Scatter(p, parameterGradient, _bar1, 0.5 * dt);
        // k1 = F(x).
        AddProduct(x, parameters, u0, _bar1, p, parameterGradient);
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
        JacobianTimes(x, parameters, u0, dx, dParameters, _bar1); // δk1
        if (Rule == ExplicitRule.ForwardEuler)
        {
            for (int a = 0; a < d; a++) dNext[a] = dx[a] + dt * _bar1[a];
            return;
        }
        TModel.VectorField(x, parameters, u0, _k1);
        Stages(x, parameters, uMid, u1, dt);
        Span<double> direction = _bar4;
        for (int a = 0; a < d; a++) direction[a] = dx[a] + 0.5 * dt * _bar1[a];
        for (int a = 0; a < d; a++) _y[a] = x[a] + 0.5 * dt * _k1[a];
        JacobianTimes(_y, parameters, uMid, direction, dParameters, _bar2); // δk2
        for (int a = 0; a < d; a++) direction[a] = dx[a] + 0.5 * dt * _bar2[a];
        for (int a = 0; a < d; a++) _y[a] = x[a] + 0.5 * dt * _k2[a];
        JacobianTimes(_y, parameters, uMid, direction, dParameters, _bar3); // δk3
        for (int a = 0; a < d; a++) direction[a] = dx[a] + dt * _bar3[a];
        for (int a = 0; a < d; a++) _y[a] = x[a] + dt * _k3[a];
        JacobianTimes(_y, parameters, u1, direction, dParameters, _product); // δk4 (first d entries)
        for (int a = 0; a < d; a++) dNext[a] = dx[a] + dt / 6.0 * (_bar1[a] + 2 * _bar2[a] + 2 * _bar3[a] + _product[a]);
    }

    /// <summary>k2, k3, k4 from k1 (already in _k1).</summary>
    private void Stages(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1, double dt)
    {
        int d = TModel.StateCount;
        for (int a = 0; a < d; a++) _y[a] = x[a] + 0.5 * dt * _k1[a];
        TModel.VectorField(_y, parameters, uMid, _k2);
        for (int a = 0; a < d; a++) _y[a] = x[a] + 0.5 * dt * _k2[a];
        TModel.VectorField(_y, parameters, uMid, _k3);
        for (int a = 0; a < d; a++) _y[a] = x[a] + dt * _k3[a];
        TModel.VectorField(_y, parameters, u1, _k4);
    }

    /// <summary>(p, g) += (x̄, θ̄) of the product in _product; the state part also, times <paramref name="stageScale"/>, into a stage adjoint.</summary>
    private void Scatter(Span<double> p, Span<double> parameterGradient, Span<double> stageBar, double stageScale)
    {
        int d = TModel.StateCount;
        for (int a = 0; a < d; a++)
        {
            p[a] += _product[a];
            stageBar[a] += stageScale * _product[a];
        }
        for (int k = 0; k < TModel.ParameterCount; k++) parameterGradient[k] += _product[d + k];
    }

    /// <summary>(p, g) += wᵀ ∂F/∂(x,θ) at <paramref name="at"/>.</summary>
    private void AddProduct(ReadOnlySpan<double> at, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u, ReadOnlySpan<double> w, Span<double> p, Span<double> parameterGradient)
    {
        int d = TModel.StateCount;
        TModel.JacobianTransposeProduct(at, parameters, u, w, _product);
        for (int a = 0; a < d; a++) p[a] += _product[a];
        for (int k = 0; k < TModel.ParameterCount; k++) parameterGradient[k] += _product[d + k];
    }

    /// <summary>result = ∂F/∂x · v + ∂F/∂θ · w from the generated Jacobian values (parameter columns skipped when w is empty).</summary>
    private void JacobianTimes(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u, ReadOnlySpan<double> v, ReadOnlySpan<double> w, Span<double> result)
    {
        SparsityPattern pattern = TModel.JacobianPattern;
        TModel.Jacobian(x, parameters, u, _jacobian);
        int d = TModel.StateCount;
        for (int r = 0; r < d; r++)
        {
            double sum = 0;
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
            {
                int c = pattern.ColumnIndex[e];
                if (c < d) sum += _jacobian[e] * v[c];
                else if (!w.IsEmpty) sum += _jacobian[e] * w[c - d];
            }
            result[r] = sum;
        }
    }
}
