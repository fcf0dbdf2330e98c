using System;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// Bound-constrained limited-memory BFGS, a projected variant of L-BFGS-B: each iteration fixes
/// the variables that sit on a bound with the gradient pushing outward and takes the L-BFGS
/// direction (two-loop recursion) in the free variables. When the trial step stays inside the
/// box, the step length comes from a strong-Wolfe line search (bracketing and cubic zoom,
/// Nocedal &amp; Wright Alg. 3.5/3.6) capped at the first bound; when it would leave the box, a
/// projected Armijo search along clamp(x + αd) moves many variables onto their bounds at once. Stopping rules and defaults follow
/// scipy (projected-gradient and relative-reduction tests). All scratch is allocated once in
/// the constructor, so iterations allocate nothing.
/// </summary>
public sealed class LbfgsB : IBoundedMinimizer
{
    private readonly int _n;
    private readonly IObjective _objective;
    private readonly LbfgsBOptions _options;
    private readonly double[][] _s, _y;
    private readonly double[] _rho, _alpha;
    private readonly double[] _g, _d, _xTrial, _gTrial, _free;
    private int _count, _newest;
    private bool _allFree;
    private double _gamma;

    /// <summary>L-BFGS-B for <paramref name="objective"/>; all scratch, including the correction pairs, is allocated here.</summary>
    /// <param name="objective">The function to minimize (at least one variable).</param>
    /// <param name="options">Memory, tolerances and budgets (null: SciPy's defaults).</param>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No variables, or a memory below 1.</exception>
    public LbfgsB(IObjective objective, LbfgsBOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        int dimension = objective.Dimension;
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1, nameof(objective));
        _objective = objective;
        _options = options ?? new LbfgsBOptions();
        if (_options.Memory < 1) throw new ArgumentOutOfRangeException(nameof(options), "Memory must be at least 1.");
        _n = dimension;
        int m = _options.Memory;
        _s = new double[m][];
        _y = new double[m][];
        for (int k = 0; k < m; k++)
        {
            _s[k] = new double[dimension];
            _y[k] = new double[dimension];
        }
        _rho = new double[m];
        _alpha = new double[m];
        _g = new double[dimension];
        _d = new double[dimension];
        _xTrial = new double[dimension];
        _gTrial = new double[dimension];
        _free = new double[dimension];
    }

    /// <summary>The settings this instance runs with.</summary>
    public LbfgsBOptions Options => _options;

    /// <inheritdoc/>
    public IObjective Objective => _objective;

    /// <summary>Minimizes the objective over the box, starting from (the projection of) x; x holds the result.</summary>
    public MinimizerResult Minimize(Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, CancellationToken cancellation = default)
    {
        IObjective f = _objective;
        BoxArguments.CheckAndProject(_n, x, lower, upper);

        _count = 0;
        _newest = -1;
        double fx = f.Evaluate(x, _g);
        int evaluations = 1;
        if (!double.IsFinite(fx)) return new MinimizerResult(fx, 0, evaluations, ExitReason.NonFiniteValue, double.NaN) { AtLastEvaluation = true };

        for (int iteration = 0; ; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (NonFinite.Any(_g)) return new MinimizerResult(fx, iteration, evaluations, ExitReason.NonFiniteGradient, double.NaN) { AtLastEvaluation = true };
            double pg = VectorMath.ProjectedGradientNorm(x, _g, lower, upper, _free, out _allFree);
            if (pg <= _options.ProjectedGradientTolerance) return new MinimizerResult(fx, iteration, evaluations, ExitReason.ProjectedGradientTolerance, pg) { AtLastEvaluation = true };
            if (iteration >= _options.MaxIterations) return new MinimizerResult(fx, iteration, evaluations, ExitReason.MaxIterations, pg) { AtLastEvaluation = true };
            if (evaluations >= _options.MaxEvaluations) return new MinimizerResult(fx, iteration, evaluations, ExitReason.MaxEvaluations, pg) { AtLastEvaluation = true };

            Direction();
            double slope = Dot(_d, _g);
            if (!(slope < 0))
            {
                // Not a descent direction (stale curvature pairs): restart from steepest descent.
                _count = 0;
                VectorMath.Multiply(_d, _g, _free);
                VectorMath.Scale(_d, -1.0);
                slope = Dot(_d, _g);
                if (!(slope < 0)) return new MinimizerResult(fx, iteration, evaluations, ExitReason.ProjectedGradientTolerance, pg) { AtLastEvaluation = true };
            }

            double maxStep = VectorMath.MaxFeasibleStep(x, _d, lower, upper);
            double initial = _count == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(Dot(_d, _d))) : 1.0;
            int budget = _options.MaxEvaluations - evaluations;
            // Inside the box the step is chosen by a strong-Wolfe search; when the first trial step would
            // leave the box, a projected search along clamp(x + αd) lets many variables reach bounds at once.
            (double fNew, int used, bool ok) = maxStep >= initial
                ? LineSearch(f, x, fx, slope, initial, maxStep, lower, upper, budget)
                : ProjectedSearch(f, x, fx, initial, lower, upper, budget);
            evaluations += used;
            if (!ok) return new MinimizerResult(fx, iteration, evaluations, evaluations >= _options.MaxEvaluations ? ExitReason.MaxEvaluations : ExitReason.LineSearchFailed, pg); // x is the point before the search

            // Accept: s = x_new − x, y = g_new − g.
            int slot = (_newest + 1) % _options.Memory;
            (double sy, double yy) = VectorMath.Differences(_s[slot], _y[slot], _xTrial, x, _gTrial, _g);
            if (sy > 2.2e-16 * yy)
            {
                _rho[slot] = 1.0 / sy;
                _gamma = sy / yy;
                _newest = slot;
                if (_count < _options.Memory) _count++;
            }
            _xTrial.AsSpan().CopyTo(x);
            _gTrial.AsSpan().CopyTo(_g);
            double previous = fx;
            fx = fNew;

            if ((previous - fx) <= _options.RelativeReductionTolerance * Math.Max(Math.Max(Math.Abs(previous), Math.Abs(fx)), 1.0))
                return new MinimizerResult(fx, iteration + 1, evaluations, ExitReason.RelativeReduction, VectorMath.ProjectedGradientNorm(x, _g, lower, upper, _free, out _)) { AtLastEvaluation = true };
        }
    }

    /// <summary>
    /// d = −H g on the free variables by the two-loop recursion; zero on the fixed ones. Products
    /// over the free set are taken by zeroing the fixed components of the working vector, which
    /// keeps every loop a plain SIMD dot product or update.
    /// </summary>
    private void Direction()
    {
        Span<double> q = _d;
        VectorMath.Multiply(q, _g, _free);
        ReadOnlySpan<double> mask = _allFree ? default : _free;
        int m = _options.Memory;
        if (_count == 0)
        {
            VectorMath.Scale(q, -1.0);
            return;
        }
        // First loop, newest pair to oldest; each update is fused with the next pair's dot product.
        double dot = VectorMath.Dot(_s[_newest], q);
        for (int k = 0, slot = _newest; k < _count; k++, slot = (slot - 1 + m) % m)
        {
            double a = _rho[slot] * dot;
            _alpha[slot] = a;
            ReadOnlySpan<double> next = k + 1 < _count ? _s[(slot - 1 + m) % m] : default;
            dot = VectorMath.UpdateThenDot(q, -a, _y[slot], mask, next);
        }
        // Initial matrix γI with γ = sᵀy/yᵀy of the newest pair.
        VectorMath.Scale(q, _gamma);
        int oldest = (_newest - (_count - 1) + m) % m;
        dot = VectorMath.Dot(_y[oldest], q);
        // Second loop, oldest pair to newest, again fused with the next dot product.
        for (int k = _count - 1; k >= 0; k--)
        {
            int slot = (_newest - k + m) % m;
            double b = _rho[slot] * dot;
            ReadOnlySpan<double> next = k > 0 ? _y[(slot + 1) % m] : default;
            dot = VectorMath.UpdateThenDot(q, _alpha[slot] - b, _s[slot], mask, next);
        }
        VectorMath.Scale(q, -1.0);
    }

    /// <summary>
    /// Backtracking along the projected path x(α) = clamp(x + αd) with the Armijo condition
    /// f(x(α)) ≤ f(x) + c₁ gᵀ(x(α) − x); the accepted point is left in the trial buffers.
    /// </summary>
    private (double Value, int Evaluations, bool Ok) ProjectedSearch(IObjective f, ReadOnlySpan<double> x, double f0, double initial,
        ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, int budget)
    {
        double step = initial;
        int used = 0;
        for (int attempt = 0; attempt < 60 && used < budget; attempt++)
        {
            (double value, _) = Trial(f, x, step, lower, upper);
            used++;
            double predicted = VectorMath.DotDifference(_g, _xTrial, x);
            if (double.IsFinite(value) && predicted < 0 && value <= f0 + _options.SufficientDecrease * predicted) return (value, used, true);
            step *= 0.5;
        }
        return (f0, used, false);
    }

    /// <summary>Evaluates φ(α) = f(x + αd) into the trial buffers; returns (φ, φ').</summary>
    private (double Value, double Slope) Trial(IObjective f, ReadOnlySpan<double> x, double step, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        VectorMath.ClampedStep(_xTrial, x, step, _d, lower, upper);
        double value = f.Evaluate(_xTrial, _gTrial);
        return (value, Dot(_gTrial, _d));
    }

    /// <summary>Strong Wolfe line search on (0, maxStep]; the accepted point is left in the trial buffers.</summary>
    private (double Value, int Evaluations, bool Ok) LineSearch(IObjective f, ReadOnlySpan<double> x, double f0, double slope0,
        double initial, double maxStep, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, int budget)
    {
        double c1 = _options.SufficientDecrease, c2 = _options.Curvature;
        double previousStep = 0, previousValue = f0, previousSlope = slope0;
        double step = initial;
        int used = 0;
        for (int attempt = 0; attempt < 30 && used < budget; attempt++)
        {
            (double value, double slope) = Trial(f, x, step, lower, upper);
            used++;
            if (!double.IsFinite(value) || value > f0 + c1 * step * slope0 || (attempt > 0 && value >= previousValue))
                return Zoom(f, x, f0, slope0, previousStep, previousValue, previousSlope, step, value, slope, lower, upper, used, budget);
            if (Math.Abs(slope) <= -c2 * slope0) return (value, used, true);
            if (slope >= 0)
                return Zoom(f, x, f0, slope0, step, value, slope, previousStep, previousValue, previousSlope, lower, upper, used, budget);
            if (step >= maxStep) return (value, used, true); // reached a bound with sufficient decrease: stop there
            previousStep = step;
            previousValue = value;
            previousSlope = slope;
            step = Math.Min(maxStep, 4.0 * step);
        }
        return (f0, used, false);
    }

    private (double Value, int Evaluations, bool Ok) Zoom(IObjective f, ReadOnlySpan<double> x, double f0, double slope0,
        double lo, double fLo, double dLo, double hi, double fHi, double dHi, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, int used, int budget)
    {
        double c1 = _options.SufficientDecrease, c2 = _options.Curvature;
        for (int attempt = 0; attempt < 40 && used < budget; attempt++)
        {
            double step = CubicMinimizer(lo, fLo, dLo, hi, fHi, dHi);
            double width = Math.Abs(hi - lo);
            double left = Math.Min(lo, hi), right = Math.Max(lo, hi);
            if (!double.IsFinite(step) || step < left + 0.1 * width || step > right - 0.1 * width) step = 0.5 * (lo + hi);
            if (width <= 1e-16 * Math.Max(1.0, right)) break;

            (double value, double slope) = Trial(f, x, step, lower, upper);
            used++;
            if (!double.IsFinite(value) || value > f0 + c1 * step * slope0 || value >= fLo)
            {
                hi = step; fHi = value; dHi = slope;
            }
            else
            {
                if (Math.Abs(slope) <= -c2 * slope0) return (value, used, true);
                if (slope * (hi - lo) >= 0)
                {
                    hi = lo; fHi = fLo; dHi = dLo;
                }
                lo = step; fLo = value; dLo = slope;
            }
        }
        // The bracket collapsed: accept the best point found if it decreased f sufficiently.
        if (lo > 0 && used < budget + 1)
        {
            (double value, _) = Trial(f, x, lo, lower, upper);
            used++;
            if (value <= f0 + c1 * lo * slope0) return (value, used, true);
        }
        return (f0, used, false);
    }

    /// <summary>Minimizer of the cubic interpolating φ and φ' at a and b (Nocedal &amp; Wright eq. 3.59).</summary>
    private static double CubicMinimizer(double a, double fa, double da, double b, double fb, double db)
    {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (disc < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => VectorMath.Dot(a, b);
}
