using System;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// Trust-region Newton with box bounds for objectives with an exact sparse Hessian. Each
/// iteration fixes the variables held on a bound by the gradient (as L-BFGS-B does), solves
/// the trust-region subproblem on the free ones with exact factorizations of H + λW
/// (<see cref="ArrowheadLdlt"/>, W the box scaling), choosing λ by the Moré–Sorensen Newton
/// iteration on 1/‖s(λ)‖ − 1/Δ and raising it past indefiniteness, and projects the step onto
/// the box. Near a non-degenerate minimum λ = 0 and the step is the Newton step, so convergence
/// is quadratic. Scratch is allocated per problem size, so iterations allocate nothing.
/// </summary>
public sealed class TrustRegionNewton : IBoundedMinimizer
{
    private readonly TrustRegionNewtonOptions _options;
    private readonly ISecondOrderObjective _objective;
    private readonly int _n;
    private readonly ArrowheadLdlt _ldlt;
    private readonly double[] _g, _free, _values, _step, _rhs, _work, _trial, _gTrial, _weights, _hp, _freeAtStart, _boundStep, _firstStep;

    /// <summary>A trust-region Newton minimizer of <paramref name="objective"/>; its scratch and the arrowhead factorization of the Hessian's pattern are allocated here.</summary>
    /// <param name="objective">The function to minimize, with its exact sparse Hessian.</param>
    /// <param name="options">Tolerances, budgets and the trust-region settings (null: the defaults).</param>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative iteration limit.</exception>
    public TrustRegionNewton(ISecondOrderObjective objective, TrustRegionNewtonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        _options = options ?? new TrustRegionNewtonOptions();
        if (_options.MaxIterations < 0) throw new ArgumentOutOfRangeException(nameof(options), "MaxIterations must not be negative.");
        _objective = objective;
        int n = _n = objective.Dimension;
        _ldlt = new ArrowheadLdlt(objective.HessianPattern, objective.EliminationOrder(), objective.BorderCount);
        _g = new double[n];
        _free = new double[n];
        _values = new double[objective.HessianPattern.NonZeroCount];
        _step = new double[n];
        _rhs = new double[n];
        _work = new double[n];
        _trial = new double[n];
        _gTrial = new double[n];
        _weights = new double[n];
        _hp = new double[n];
        _freeAtStart = new double[n];
        _boundStep = new double[n];
        _firstStep = new double[n];
        _norms = new double[Math.Min(_options.MaxIterations, 100_000) + 2];
    }

    /// <summary>The settings this instance runs with.</summary>
    public TrustRegionNewtonOptions Options => _options;

    /// <inheritdoc/>
    public IObjective Objective => _objective;

    private double _lambdaHint, _hessianScale;
    private readonly double[] _norms;
    private int _normCount;

    /// <summary>Projected-gradient norms at the start of every iteration of the last run, and at its end (for convergence studies).</summary>
    public ReadOnlySpan<double> LastGradientNorms => _norms.AsSpan(0, _normCount);

    /// <summary>Minimizes the objective over the box [<paramref name="lower"/>, <paramref name="upper"/>] from the projection of <paramref name="x"/> onto it; <paramref name="x"/> holds the final point.</summary>
    /// <param name="x">The start on entry, the result on return (one entry per variable).</param>
    /// <param name="lower">Lower bounds (−∞ for none).</param>
    /// <param name="upper">Upper bounds (+∞ for none).</param>
    /// <param name="cancellation">Checked every iteration; cancelled, the run ends with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The final value, the iteration and evaluation counts, the exit reason and the final projected-gradient norm.</returns>
    /// <exception cref="ArgumentException">A span has the wrong length, or a bound is inverted.</exception>
    public MinimizerResult Minimize(Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, CancellationToken cancellation = default)
    {
        ISecondOrderObjective objective = _objective;
        int n = _n;
        BoxArguments.CheckAndProject(n, x, lower, upper);
        for (int i = 0; i < n; i++)
        {
            double width = upper[i] - lower[i];
            double scale = double.IsFinite(width) && width > 0 ? 1.0 / width : 1.0;
            _weights[i] = scale * scale;
        }

        _normCount = 0;
        _lambdaHint = 0;
        double fx = objective.Evaluate(x, _g);
        int evaluations = 1, hessians = 0;
        if (!double.IsFinite(fx)) return new MinimizerResult(fx, 0, evaluations, ExitReason.NonFiniteValue, double.NaN) { AtLastEvaluation = true };
        double radius = _options.InitialRadius ?? double.NaN;

        for (int iteration = 0; ; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (NonFinite.Any(_g)) return new MinimizerResult(fx, iteration, evaluations, ExitReason.NonFiniteGradient, double.NaN, hessians) { AtLastEvaluation = true };
            double pg = VectorMath.ProjectedGradientNorm(x, _g, lower, upper, _free, out _);
            Record(pg);
            if (pg <= _options.ProjectedGradientTolerance) return new MinimizerResult(fx, iteration, evaluations, ExitReason.ProjectedGradientTolerance, pg, hessians) { AtLastEvaluation = true };
            if (iteration >= _options.MaxIterations) return new MinimizerResult(fx, iteration, evaluations, ExitReason.MaxIterations, pg, hessians) { AtLastEvaluation = true };
            if (evaluations >= _options.MaxEvaluations) return new MinimizerResult(fx, iteration, evaluations, ExitReason.MaxEvaluations, pg, hessians) { AtLastEvaluation = true };

            objective.Hessian(x, _values);
            hessians++;
            if (NonFinite.Any(_values)) return new MinimizerResult(fx, iteration, evaluations, ExitReason.NonFiniteHessian, pg, hessians) { AtLastEvaluation = true };
            _hessianScale = DiagonalScale(objective.HessianPattern);
            _free.AsSpan().CopyTo(_freeAtStart);

            // Inner loop: shrink the radius until a step is accepted.
            while (true)
            {
                if (double.IsNaN(radius))
                {
                    // First iteration without a given radius: trust the Newton step if there is one. The
                    // right-hand side is this point's gradient (left over from a previous run, the step
                    // would be that run's last, tiny one, and the radius would need many doublings).
                    for (int i = 0; i < n; i++) _rhs[i] = -_g[i] * _free[i];
                    radius = Factor(_values, 0.0, _free) ? SolveAndMeasure() : 0.1 * Math.Sqrt(n);
                    if (!(radius > 0) || !double.IsFinite(radius)) radius = 0.1 * Math.Sqrt(n);
                }
                bool hitBoundary = ActiveSetStep(objective.HessianPattern, x, lower, upper, radius);
                double predicted = 0;
                for (int attempt = 0; attempt < 2; attempt++)
                {
                    for (int i = 0; i < n; i++) _trial[i] = Math.Clamp(x[i] + _step[i], lower[i], upper[i]);
                    for (int i = 0; i < n; i++) _work[i] = _trial[i] - x[i]; // the projected step p
                    SymmetricSparse.Multiply(objective.HessianPattern, _values, _work, _hp);
                    predicted = -(VectorMath.Dot(_g, _work) + 0.5 * VectorMath.Dot(_work, _hp));
                    if (predicted > 0 || attempt == 1) break;
                    // The bound moves made the model go up: fall back to the first (pure) subproblem step cut
                    // back to the box, which always decreases the model.
                    TruncatedFirstStep(x, lower, upper);
                }
                double fTrial = objective.Evaluate(_trial, _gTrial);
                evaluations++;
                double actual = fx - fTrial;
                double ratio = predicted > 0 ? actual / predicted : (actual > 0 ? 1.0 : -1.0);
                double projectedNorm = ScaledNorm(_work);
                // Near a minimum of a stiff problem the model decrease drops below the round-off of f
                // long before the gradient is small; there the step is judged by the gradient instead.
                double noise = 1e-14 * Math.Max(Math.Abs(fx), 1.0);
                if (double.IsFinite(fTrial) && predicted <= noise && Math.Abs(actual) <= 10 * noise
                    && VectorMath.ProjectedGradientNorm(_trial, _gTrial, lower, upper, _work, out _) < pg)
                {
                    ratio = 1.0;
                    actual = 0.0;
                }

                if (double.IsFinite(fTrial) && ratio > _options.AcceptanceRatio && actual >= 0)
                {
                    if (ratio > 0.75 && hitBoundary) radius = 2.0 * radius; // the region bound the subproblem: grow it
                    else if (ratio < 0.25) radius = 0.25 * Math.Max(projectedNorm, 1e-3 * radius);
                    _trial.AsSpan().CopyTo(x);
                    _gTrial.AsSpan().CopyTo(_g);
                    double previous = fx;
                    fx = fTrial;
                    if (_options.RelativeReductionTolerance > 0 &&
                        (previous - fx) <= _options.RelativeReductionTolerance * Math.Max(Math.Max(Math.Abs(previous), Math.Abs(fx)), 1.0))
                    {
                        double pgEnd = VectorMath.ProjectedGradientNorm(x, _g, lower, upper, _free, out _);
                        Record(pgEnd);
                        return new MinimizerResult(fx, iteration + 1, evaluations, ExitReason.RelativeReduction, pgEnd, hessians) { AtLastEvaluation = true };
                    }
                    break;
                }

                // Rejected: shrink around the step actually taken.
                radius = 0.25 * Math.Min(radius, projectedNorm > 0 ? projectedNorm : radius);
                if (evaluations >= _options.MaxEvaluations)
                    return new MinimizerResult(fx, iteration, evaluations, ExitReason.MaxEvaluations, pg, hessians);
                if (radius <= 1e-15 * Math.Max(1.0, ScaledNorm(x)))
                    return new MinimizerResult(fx, iteration, evaluations, ExitReason.TrustRegionCollapsed, pg, hessians);
            }
        }
    }

    private void Record(double norm)
    {
        if (_normCount < _norms.Length) _norms[_normCount++] = norm;
    }

    /// <summary>
    /// The trust-region step with bounds: solve on the free variables; every free variable the
    /// step would carry across a bound is moved exactly onto it and fixed there, and the rest is
    /// solved again with that move's coupling on the right-hand side, until the step is feasible.
    /// (Projecting an infeasible Newton step instead can destroy its descent.) Leaves the full
    /// step in _step; returns whether the trust-region boundary was reached.
    /// </summary>
    private bool ActiveSetStep(SparsityPattern pattern, ReadOnlySpan<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, double radius)
    {
        int n = x.Length;
        _freeAtStart.AsSpan().CopyTo(_free);
        Array.Clear(_boundStep);
        for (int i = 0; i < n; i++) _rhs[i] = -_g[i] * _free[i];
        SolveSubproblem(radius, out bool hitBoundary);
        _step.AsSpan().CopyTo(_firstStep);
        double lambda = _lambdaHint;
        for (int round = 0; round < 6; round++)
        {
            bool moved = false;
            for (int i = 0; i < n; i++)
            {
                if (_free[i] == 0) continue;
                double target = x[i] + _step[i];
                if (target >= lower[i] && target <= upper[i]) continue;
                _boundStep[i] = (target < lower[i] ? lower[i] : upper[i]) - x[i];
                _free[i] = 0;
                moved = true;
            }
            if (!moved) break;
            // Re-solve the remaining free variables with the coupling to the bound moves on the right-hand
            // side, at the same λ (a principal submatrix of a positive definite H + λW stays so): one
            // factorization per round; an over-long result is pulled back to the radius.
            SymmetricSparse.Multiply(pattern, _values, _boundStep, _hp);
            for (int i = 0; i < n; i++) _rhs[i] = -(_g[i] + _hp[i]) * _free[i];
            if (!Factor(_values, lambda, _free, _weights)) break;
            double norm = SolveAndMeasure();
            if (norm > radius) RescaleStep(radius / norm);
        }
        // Whatever is still infeasible after the rounds is cut back to the box along the step
        // (the step is zero on fixed variables, so only free ones limit it).
        double keep = Math.Min(1.0, VectorMath.MaxFeasibleStep(x, _step, lower, upper));
        if (keep < 1.0) RescaleStep(keep);
        for (int i = 0; i < n; i++) _step[i] = _step[i] * _free[i] + _boundStep[i];
        return hitBoundary;
    }

    /// <summary>s = τ·s₁ with s₁ the first subproblem solution and τ ≤ 1 the largest step that stays in the box.</summary>
    private void TruncatedFirstStep(ReadOnlySpan<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        double keep = Math.Min(1.0, VectorMath.MaxFeasibleStep(x, _firstStep, lower, upper));
        for (int i = 0; i < x.Length; i++) _step[i] = keep * _firstStep[i];
    }

    /// <summary>
    /// Finds λ ≥ 0 with H + λW positive definite and ‖s(λ)‖_W ≤ Δ (≈ Δ when λ > 0), s(λ) = −(H + λW)⁻¹g
    /// on the free variables; leaves s in _step and returns its scaled norm.
    /// </summary>
    private double SolveSubproblem(double radius, out bool hitBoundary)
    {
        ArrowheadLdlt ldlt = _ldlt;
        hitBoundary = false;
        // Start from the previous iteration's λ (consecutive subproblems are alike); try λ = 0 when that was 0.
        double lambda = _lambdaHint, low = 0, high = double.PositiveInfinity;
        bool triedZero = false;
        double gradientNorm = ScaledGradientNorm();
        double growth = Math.Max(1e-10 * _hessianScale, 1e-12);
        for (int attempt = 0; attempt < 60; attempt++)
        {
            if (lambda == 0) triedZero = true;
            if (!Factor(_values, lambda, _free, _weights))
            {
                // Indefinite (or singular) at this λ: the solution's λ is larger.
                low = lambda;
                lambda = double.IsPositiveInfinity(high) ? Math.Max(4.0 * lambda, Math.Max(growth, 1e-3 * gradientNorm / radius)) : 0.5 * (low + high);
                continue;
            }
            double norm = SolveAndMeasure();
            if (norm <= radius)
            {
                if (lambda == 0 || norm >= 0.75 * radius)
                {
                    hitBoundary = lambda > 0 || norm >= 0.99 * radius;
                    _lambdaHint = lambda;
                    return norm;
                }
                high = lambda; // the step is too short: λ is too large
                if (!triedZero && low == 0)
                {
                    lambda = 0; // perhaps the Newton step itself lies inside
                    continue;
                }
            }
            else
            {
                low = lambda;
                if (norm <= 1.25 * radius)
                {
                    RescaleStep(radius / norm);
                    hitBoundary = true;
                    _lambdaHint = lambda;
                    return radius;
                }
            }
            // Moré–Sorensen Newton step on φ(λ) = 1/‖s‖ − 1/Δ: needs q = (H + λW)⁻¹ W s.
            for (int i = 0; i < _step.Length; i++) _work[i] = _weights[i] * _step[i] * _free[i];
            ldlt.Solve(_work, _work);
            double qq = 0;
            for (int i = 0; i < _step.Length; i++) qq += _weights[i] * _step[i] * _work[i] * _free[i];
            double next = qq > 0 ? lambda + norm * norm / qq * (norm - radius) / radius : double.NaN;
            if (!(next > low && next < high)) next = double.IsPositiveInfinity(high) ? Math.Max(4.0 * low, growth) : 0.5 * (low + high);
            lambda = next;
        }
        // Safeguard exhausted: fall back to a short steepest-descent step inside the region.
        double scale = radius / Math.Max(gradientNorm, double.Epsilon);
        for (int i = 0; i < _step.Length; i++) _step[i] = scale * _rhs[i] / _weights[i];
        double length = ScaledNorm(_step);
        if (length > radius) RescaleStep(radius / length);
        hitBoundary = true;
        return Math.Min(length, radius);
    }

    private bool Factor(ReadOnlySpan<double> values, double shift, ReadOnlySpan<double> free, ReadOnlySpan<double> weights = default) =>
        _ldlt.Factor(values, shift, free, weights);

    /// <summary>max_i |H_ii| / W_ii: the scale on which λ is searched.</summary>
    private double DiagonalScale(SparsityPattern pattern)
    {
        ReadOnlySpan<int> start = pattern.RowStart;
        double scale = 0;
        for (int i = 0; i < pattern.RowCount; i++) scale = Math.Max(scale, Math.Abs(_values[start[i + 1] - 1]) / _weights[i]);
        return scale;
    }

    private double SolveAndMeasure()
    {
        _ldlt.Solve(_rhs, _step);
        for (int i = 0; i < _step.Length; i++) _step[i] *= _free[i];
        return ScaledNorm(_step);
    }

    private void RescaleStep(double factor)
    {
        for (int i = 0; i < _step.Length; i++) _step[i] *= factor;
    }

    private double ScaledNorm(ReadOnlySpan<double> v)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++) sum += _weights[i] * v[i] * v[i];
        return Math.Sqrt(sum);
    }

    /// <summary>‖W^(−1/2) g‖ on the free variables: the dual norm that pairs with the scaled step norm.</summary>
    private double ScaledGradientNorm()
    {
        double sum = 0;
        for (int i = 0; i < _rhs.Length; i++) sum += _rhs[i] * _rhs[i] / _weights[i];
        return Math.Sqrt(sum);
    }
}
