using System;

namespace DeepestLearning;

/// <summary>
/// Adam, the stochastic-gradient method deep learning trains with, here with full-batch gradients
/// (deterministic) and each step projected onto the box. The baseline the annealing is compared
/// against; it has no line search, so its result depends on the learning rate and step budget.
/// Iterations allocate nothing.
/// </summary>
public sealed class Adam : IBoundedMinimizer
{
    private readonly int _n;
    private readonly double[] _g, _m, _v, _free;

    public Adam(int dimension, AdamOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Options = options ?? new AdamOptions();
        if (!(Options.LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(options), "LearningRate must be positive.");
        if (!(Options.Beta1 is >= 0 and < 1) || !(Options.Beta2 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), "Beta1 and Beta2 must lie in [0, 1).");
        _n = dimension;
        _g = new double[dimension];
        _m = new double[dimension];
        _v = new double[dimension];
        _free = new double[dimension];
    }

    public AdamOptions Options { get; }

    public MinimizerResult Minimize(IObjective f, Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Dimension != _n) throw new ArgumentException($"objective dimension {f.Dimension} differs from the minimizer's {_n}.", nameof(f));
        BoxArguments.CheckAndProject(_n, x, lower, upper);
        Array.Clear(_m);
        Array.Clear(_v);
        double b1 = Options.Beta1, b2 = Options.Beta2, power1 = 1.0, power2 = 1.0;
        double fx = f.Evaluate(x, _g);
        if (!double.IsFinite(fx)) return new MinimizerResult(fx, 0, 1, ExitReason.NonFiniteValue, double.NaN);
        int evaluations = 1;
        for (int iteration = 0; ; iteration++)
        {
            double pg = VectorMath.ProjectedGradientNorm(x, _g, lower, upper, _free, out _);
            if (pg <= Options.ProjectedGradientTolerance) return new MinimizerResult(fx, iteration, evaluations, ExitReason.ProjectedGradientTolerance, pg);
            if (iteration >= Options.MaxIterations) return new MinimizerResult(fx, iteration, evaluations, ExitReason.MaxIterations, pg);
            power1 *= b1;
            power2 *= b2;
            double step = Options.LearningRate * Math.Sqrt(1 - power2) / (1 - power1);
            for (int i = 0; i < _n; i++)
            {
                double g = _g[i];
                _m[i] = b1 * _m[i] + (1 - b1) * g;
                _v[i] = b2 * _v[i] + (1 - b2) * g * g;
                x[i] = Math.Clamp(x[i] - step * _m[i] / (Math.Sqrt(_v[i]) + Options.Epsilon), lower[i], upper[i]);
            }
            fx = f.Evaluate(x, _g);
            evaluations++;
            if (!double.IsFinite(fx)) return new MinimizerResult(fx, iteration + 1, evaluations, ExitReason.NonFiniteValue, double.NaN);
        }
    }
}
