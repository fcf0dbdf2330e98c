using System;

namespace DeepestLearning;

/// <summary>
/// One step of classical fourth-order Runge–Kutta, Φ(x) = x + Δt/6 (k1 + 2k2 + 2k3 + k4), with its
/// exact tangent and exact discrete adjoint — the one definition the action's RK4 residual, the
/// explicit steps, twin data, synchronized starts and Fisher information all use.
/// </summary>
/// <remarks>
/// <para>Stages: k1 = F(x, u0), k2 = F(x + Δt/2 k1, uMid), k3 = F(x + Δt/2 k2, uMid),
/// k4 = F(x + Δt k3, u1), with u0, uMid, u1 the stimulus at t_n, t_n + Δt/2 and t_n+1
/// (<see cref="GridStimulus"/>; empty spans for a model without stimuli).</para>
/// <para>The work is split so that callers pay only for what they use: <see cref="Stages"/>
/// evaluates and keeps the stages, after which <see cref="Combine"/> gives Φ,
/// <see cref="AdjointOfStages"/> the reverse sweep and, once <see cref="StageJacobians"/> has
/// run, <see cref="TangentOfStages"/> the forward sensitivity — so an action evaluates each stage
/// once for value and gradient, and Fisher information evaluates the stage Jacobians once per
/// step for all its sensitivity columns. The arithmetic (operation order included) is that of
/// the copies this class replaced, so results are bit-identical.</para>
/// <para>One instance per thread: the stages live in the instance. Nothing allocates after construction.</para>
/// </remarks>
internal sealed class RungeKutta4Step<TModel> where TModel : IDynamicalModel<TModel>
{
    /// <summary>c_i: stage i is evaluated at t_n + c_i Δt.</summary>
    public static ReadOnlySpan<double> Nodes => new[] { 0.0, 0.5, 0.5, 1.0 };

    /// <summary>b_i: Φ = x + Δt Σ b_i k_i (the step itself computes Δt/6 (k1 + 2k2 + 2k3 + k4)).</summary>
    public static ReadOnlySpan<double> Weights => new[] { 1.0 / 6, 2.0 / 6, 2.0 / 6, 1.0 / 6 };

    private readonly int _d, _p;
    private readonly double[] _k1, _k2, _k3, _k4, _y2, _y3, _y4;
    private readonly double[] _bar1, _bar2, _bar3, _bar4, _product, _direction;
    private readonly double[] _jacobians; // J at x, y2, y3, y4 in pattern order, after StageJacobians

    /// <summary>Allocates the stage storage for <typeparamref name="TModel"/>.</summary>
    public RungeKutta4Step()
    {
        _d = TModel.StateCount;
        _p = TModel.ParameterCount;
        _k1 = new double[_d];
        _k2 = new double[_d];
        _k3 = new double[_d];
        _k4 = new double[_d];
        _y2 = new double[_d];
        _y3 = new double[_d];
        _y4 = new double[_d];
        _bar1 = new double[_d];
        _bar2 = new double[_d];
        _bar3 = new double[_d];
        _bar4 = new double[_d];
        _direction = new double[_d];
        _product = new double[_d + _p];
        _jacobians = new double[4 * TModel.JacobianPattern.NonZeroCount];
    }

    /// <summary>Stimulus of stage i (0 … 3): u0, uMid, uMid, u1.</summary>
    public static ReadOnlySpan<double> StageStimulus(int stage, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1) =>
        stage == 0 ? u0 : stage == 3 ? u1 : uMid;

    /// <summary>Evaluates and keeps the four stages k_i and the stage states y2, y3, y4 of a step from x.</summary>
    public void Stages(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1, double dt)
    {
        int d = _d;
        TModel.VectorField(x, parameters, u0, _k1);
        for (int a = 0; a < d; a++) _y2[a] = x[a] + 0.5 * dt * _k1[a];
        TModel.VectorField(_y2, parameters, uMid, _k2);
        for (int a = 0; a < d; a++) _y3[a] = x[a] + 0.5 * dt * _k2[a];
        TModel.VectorField(_y3, parameters, uMid, _k3);
        for (int a = 0; a < d; a++) _y4[a] = x[a] + dt * _k3[a];
        TModel.VectorField(_y4, parameters, u1, _k4);
    }

    /// <summary>next = Φ(x) = x + Δt/6 (k1 + 2k2 + 2k3 + k4) from the stages of the last <see cref="Stages"/> (x must be the same).</summary>
    public void Combine(ReadOnlySpan<double> x, double dt, Span<double> next)
    {
        for (int a = 0; a < _d; a++) next[a] = x[a] + dt / 6.0 * (_k1[a] + 2.0 * _k2[a] + 2.0 * _k3[a] + _k4[a]);
    }

    /// <summary>next = Φ(x).</summary>
    public void Forward(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1,
        double dt, Span<double> next)
    {
        Stages(x, parameters, u0, uMid, u1, dt);
        Combine(x, dt, next);
    }

    /// <summary>
    /// The exact discrete adjoint of the step whose stages the last <see cref="Stages"/> kept:
    /// p = pNext + (∂Φ/∂x − I)ᵀ pNext = (∂Φ/∂x)ᵀ pNext, and parameterGradient += (∂Φ/∂θ)ᵀ pNext.
    /// <paramref name="p"/> and <paramref name="pNext"/> may not overlap.
    /// </summary>
    public void AdjointOfStages(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1,
        double dt, ReadOnlySpan<double> pNext, Span<double> p, Span<double> parameterGradient)
    {
        int d = _d;
        pNext.Slice(0, d).CopyTo(p);
        // The cotangents of the stages: k̄_i = Δt b_i p(n+1), then each stage's ȳ feeds the previous k̄.
        for (int a = 0; a < d; a++)
        {
            _bar1[a] = dt / 6.0 * pNext[a];
            _bar2[a] = dt / 3.0 * pNext[a];
            _bar3[a] = dt / 3.0 * pNext[a];
            _bar4[a] = dt / 6.0 * pNext[a];
        }
        // k4 = F(x + Δt k3): ȳ4 = J4ᵀ k̄4 goes to x̄ and, times Δt, to k̄3.
        TModel.JacobianTransposeProduct(_y4, parameters, u1, _bar4, _product);
        Scatter(p, parameterGradient, _bar3, dt);
        // k3 = F(x + Δt/2 k2).
        TModel.JacobianTransposeProduct(_y3, parameters, uMid, _bar3, _product);
        Scatter(p, parameterGradient, _bar2, 0.5 * dt);
        // k2 = F(x + Δt/2 k1).
        TModel.JacobianTransposeProduct(_y2, parameters, uMid, _bar2, _product);
        Scatter(p, parameterGradient, _bar1, 0.5 * dt);
        // k1 = F(x).
        TModel.JacobianTransposeProduct(x, parameters, u0, _bar1, _product);
        for (int a = 0; a < d; a++) p[a] += _product[a];
        for (int k = 0; k < _p; k++) parameterGradient[k] += _product[d + k];
    }

    /// <summary>Evaluates and keeps ∂F/∂(x, θ) at the four stage points of the last <see cref="Stages"/> (x must be the same).</summary>
    public void StageJacobians(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, ReadOnlySpan<double> uMid, ReadOnlySpan<double> u1)
    {
        int nnz = TModel.JacobianPattern.NonZeroCount;
        TModel.Jacobian(x, parameters, u0, _jacobians.AsSpan(0, nnz));
        TModel.Jacobian(_y2, parameters, uMid, _jacobians.AsSpan(nnz, nnz));
        TModel.Jacobian(_y3, parameters, uMid, _jacobians.AsSpan(2 * nnz, nnz));
        TModel.Jacobian(_y4, parameters, u1, _jacobians.AsSpan(3 * nnz, nnz));
    }

    /// <summary>
    /// dNext = (∂Φ/∂x) dx + (∂Φ/∂θ) dθ, the tangent-linear step (forward sensitivity equation of the
    /// discrete map), from the stage Jacobians kept by <see cref="StageJacobians"/>. An empty
    /// <paramref name="dParameters"/> means dθ = 0.
    /// </summary>
    public void TangentOfStages(double dt, ReadOnlySpan<double> dx, ReadOnlySpan<double> dParameters, Span<double> dNext)
    {
        int d = _d;
        StageJacobianTimes(0, dx, dParameters, _bar1); // δk1
        for (int a = 0; a < d; a++) _direction[a] = dx[a] + 0.5 * dt * _bar1[a];
        StageJacobianTimes(1, _direction, dParameters, _bar2); // δk2
        for (int a = 0; a < d; a++) _direction[a] = dx[a] + 0.5 * dt * _bar2[a];
        StageJacobianTimes(2, _direction, dParameters, _bar3); // δk3
        for (int a = 0; a < d; a++) _direction[a] = dx[a] + dt * _bar3[a];
        StageJacobianTimes(3, _direction, dParameters, _bar4); // δk4
        for (int a = 0; a < d; a++) dNext[a] = dx[a] + dt / 6.0 * (_bar1[a] + 2 * _bar2[a] + 2 * _bar3[a] + _bar4[a]);
    }

    /// <summary>(p, g) += (x̄, θ̄) of the product in _product; the state part also, times <paramref name="stageScale"/>, into the previous stage's cotangent.</summary>
    private void Scatter(Span<double> p, Span<double> parameterGradient, Span<double> previousStageBar, double stageScale)
    {
        int d = _d;
        for (int a = 0; a < d; a++)
        {
            p[a] += _product[a];
            previousStageBar[a] += stageScale * _product[a];
        }
        for (int k = 0; k < _p; k++) parameterGradient[k] += _product[d + k];
    }

    /// <summary>result = ∂F/∂x · v + ∂F/∂θ · w at stage point <paramref name="stage"/> (parameter columns skipped when w is empty).</summary>
    private void StageJacobianTimes(int stage, ReadOnlySpan<double> v, ReadOnlySpan<double> w, Span<double> result)
    {
        SparsityPattern pattern = TModel.JacobianPattern;
        ReadOnlySpan<double> jacobian = _jacobians.AsSpan(stage * pattern.NonZeroCount, pattern.NonZeroCount);
        int d = _d;
        for (int r = 0; r < d; r++)
        {
            double sum = 0;
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
            {
                int c = pattern.ColumnIndex[e];
                if (c < d) sum += jacobian[e] * v[c];
                else if (!w.IsEmpty) sum += jacobian[e] * w[c - d];
            }
            result[r] = sum;
        }
    }
}
