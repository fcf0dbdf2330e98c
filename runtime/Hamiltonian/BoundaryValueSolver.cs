using System;
using System.Collections.Generic;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// The two-point boundary-value problem of the continuous action (docs/design.md §1.4): Hamilton's equations
/// of an <see cref="AssimilationHamiltonian{TModel}"/> on [0, T] with the natural boundary conditions
/// of the end-point measurements,
/// <code>p(0) = R_m0·P₀(x(0) − y₀)      p(T) = −R_mT·P_T(x(T) − y_T)</code>
/// (p = 0 on unmeasured components) and jumps of p at interior data, solved by multiple shooting: the unknowns are z = (x, p) at the
/// start of every segment, each segment is integrated with the symplectic implicit midpoint rule, and
/// Newton's method on the continuity and boundary equations uses the exact one-step Jacobians. The
/// Newton system is dense (2D·segments unknowns), which suits small D.
/// </summary>
public sealed class BoundaryValueSolver<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationHamiltonian<TModel> _h;
    private readonly ImplicitMidpoint<TModel> _midpoint;
    private readonly int _segments, _steps, _n;
    private readonly double _horizon;
    private readonly DenseLu _newton;
    private readonly double[] _nodes, _ends, _sensitivity, _step, _product, _a, _b, _rhs;

    /// <summary>A multiple-shooting solver on [0, <paramref name="horizon"/>] with <paramref name="segments"/> segments of <paramref name="stepsPerSegment"/> implicit midpoint steps each.</summary>
    /// <param name="hamiltonian">The Hamiltonian whose equations are solved (model, R_f and parameters).</param>
    /// <param name="horizon">T, positive and finite.</param>
    /// <param name="segments">Number of shooting segments (the Newton system has 2D · segments unknowns).</param>
    /// <param name="stepsPerSegment">Midpoint steps per segment.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hamiltonian"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="horizon"/> is not positive and finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="segments"/> or <paramref name="stepsPerSegment"/> is below 1.</exception>
    public BoundaryValueSolver(AssimilationHamiltonian<TModel> hamiltonian, double horizon, int segments, int stepsPerSegment)
    {
        _h = hamiltonian ?? throw new ArgumentNullException(nameof(hamiltonian));
        if (!(horizon > 0) || !double.IsFinite(horizon)) throw new ArgumentException($"horizon = {horizon} must be positive and finite.", nameof(horizon));
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerSegment, 1);
        _midpoint = new ImplicitMidpoint<TModel>(hamiltonian);
        _horizon = horizon;
        _segments = segments;
        _steps = stepsPerSegment;
        _n = hamiltonian.Dimension;
        int size = _n * segments;
        _newton = new DenseLu(size);
        _nodes = new double[size];
        _ends = new double[size];
        _sensitivity = new double[segments * _n * _n];
        _step = new double[_n * _n];
        _product = new double[_n * _n];
        _a = new double[_n];
        _b = new double[_n];
        _rhs = new double[size];
    }

    /// <summary>Newton stops when the largest equation residual is below this.</summary>
    public double Tolerance { get; init; } = 1e-11;

    /// <summary>The most Newton iterations one <see cref="Solve"/> takes; it returns its residual history either way.</summary>
    public int MaxIterations { get; init; } = 30;

    /// <summary>The step length h = T / (segments · steps per segment).</summary>
    public double StepLength => _horizon / (_segments * _steps);

    /// <summary>z = (x, p) at the start of segment k after the last solve (k = segments gives z(T)).</summary>
    public ReadOnlySpan<double> Node(int k) => k < _segments ? _nodes.AsSpan(k * _n, _n) : _ends.AsSpan((_segments - 1) * _n, _n);

    /// <summary>
    /// Solves from the initial guess <paramref name="guess"/> (z at every segment start, segments × 2D values);
    /// returns the largest residual after each Newton iteration (converged when the last is ≤ Tolerance).
    /// <paramref name="interior"/> optionally holds data at the segment boundaries τ_k = kT/segments,
    /// k = 1 … segments−1 (null entries for none): a point measurement makes p jump,
    /// p(τ_k⁺) = p(τ_k⁻) + R_m·P(x(τ_k) − y_k), while x stays continuous.
    /// </summary>
    /// <param name="guess">z at every segment start, segments × 2D values.</param>
    /// <param name="start">The measurement at τ = 0 that sets p(0).</param>
    /// <param name="end">The measurement at τ = T that sets p(T).</param>
    /// <param name="interior">Optional data at the interior segment boundaries (null entries for none).</param>
    /// <param name="cancellationToken">Checked before every Newton iteration and every segment integration, so a cancel lands within one segment.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public IReadOnlyList<double> Solve(ReadOnlySpan<double> guess, BoundaryData start, BoundaryData end, IReadOnlyList<BoundaryData?>? interior = null,
        CancellationToken cancellationToken = default)
    {
        if (interior is not null && interior.Count != _segments - 1)
            throw new ArgumentException($"interior must have one entry per interior node ({_segments - 1}), not {interior.Count}.", nameof(interior));
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        int d = _n / 2, size = _n * _segments;
        ModelArguments.RequireLength(guess.Length, size, nameof(guess));
        foreach (int c in start.Components) if ((uint)c >= (uint)d) throw new ArgumentException($"component {c} lies outside 0 … {d - 1}.", nameof(start));
        foreach (int c in end.Components) if ((uint)c >= (uint)d) throw new ArgumentException($"component {c} lies outside 0 … {d - 1}.", nameof(end));
        guess.Slice(0, size).CopyTo(_nodes);
        var history = new List<double>();
        ReadOnlySpan<double> none = default;
        double h = StepLength;
        for (int iteration = 0; iteration <= MaxIterations; iteration++)
        {
            // Integrate every segment and its sensitivity M_k = Π (one-step Jacobians).
            for (int k = 0; k < _segments; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Span<double> m = _sensitivity.AsSpan(k * _n * _n, _n * _n);
                m.Clear();
                for (int i = 0; i < _n; i++) m[i * _n + i] = 1;
                _nodes.AsSpan(k * _n, _n).CopyTo(_a);
                for (int s = 0; s < _steps; s++)
                {
                    _midpoint.Step(_a, none, h, _b);
                    _midpoint.StepJacobian(_a, _b, none, h, _step);
                    Multiply(_step, m, _product);
                    _product.AsSpan().CopyTo(m);
                    _b.AsSpan().CopyTo(_a);
                }
                _a.AsSpan().CopyTo(_ends.AsSpan(k * _n, _n));
            }

            // Residuals: start condition (d), continuity (2d per interior node), end condition (d).
            Span<double> r = _rhs;
            Span<double> jacobian = _newton.Matrix;
            jacobian.Clear();
            ReadOnlySpan<double> z0 = _nodes.AsSpan(0, _n), zT = _ends.AsSpan((_segments - 1) * _n, _n);
            for (int a = 0; a < d; a++)
            {
                r[a] = z0[d + a];
                jacobian[a * size + d + a] = 1;
            }
            for (int c = 0; c < start.Components.Length; c++)
            {
                int a = start.Components[c];
                r[a] -= start.Precision * (z0[a] - start.Values[c]);
                jacobian[a * size + a] -= start.Precision;
            }
            for (int k = 0; k + 1 < _segments; k++)
            {
                int row0 = d + k * _n;
                ReadOnlySpan<double> m = _sensitivity.AsSpan(k * _n * _n, _n * _n);
                for (int i = 0; i < _n; i++)
                {
                    r[row0 + i] = _ends[k * _n + i] - _nodes[(k + 1) * _n + i];
                    for (int j = 0; j < _n; j++) jacobian[(row0 + i) * size + k * _n + j] = m[i * _n + j];
                    jacobian[(row0 + i) * size + (k + 1) * _n + i] = -1;
                }
                if (interior?[k] is not { } data) continue;
                for (int c = 0; c < data.Components.Length; c++)
                {
                    int a = data.Components[c];
                    if ((uint)a >= (uint)d) throw new ArgumentException($"component {a} lies outside 0 … {d - 1}.", nameof(interior));
                    r[row0 + d + a] += data.Precision * (_ends[k * _n + a] - data.Values[c]);
                    for (int j = 0; j < _n; j++) jacobian[(row0 + d + a) * size + k * _n + j] += data.Precision * m[a * _n + j];
                }
            }
            int last = (_segments - 1) * _n, endRow = size - d;
            ReadOnlySpan<double> mLast = _sensitivity.AsSpan(last * _n, _n * _n);
            for (int a = 0; a < d; a++)
            {
                r[endRow + a] = zT[d + a];
                for (int j = 0; j < _n; j++) jacobian[(endRow + a) * size + last + j] = mLast[(d + a) * _n + j];
            }
            for (int c = 0; c < end.Components.Length; c++)
            {
                int a = end.Components[c];
                r[endRow + a] += end.Precision * (zT[a] - end.Values[c]);
                for (int j = 0; j < _n; j++) jacobian[(endRow + a) * size + last + j] += end.Precision * mLast[a * _n + j];
            }

            double worst = 0;
            for (int i = 0; i < size; i++) worst = Math.Max(worst, Math.Abs(r[i]));
            history.Add(worst);
            if (worst <= Tolerance || iteration == MaxIterations || !double.IsFinite(worst)) break;
            if (!_newton.Factor()) throw new InvalidOperationException("boundary-value solver: singular Newton matrix.");
            for (int i = 0; i < size; i++) r[i] = -r[i];
            _newton.Solve(r);
            for (int i = 0; i < size; i++) _nodes[i] += r[i];
        }
        return history;
    }

    private void Multiply(ReadOnlySpan<double> left, ReadOnlySpan<double> right, Span<double> result)
    {
        int n = _n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += left[i * n + k] * right[k * n + j];
                result[i * n + j] = s;
            }
    }
}
