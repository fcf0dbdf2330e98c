using System;
using System.Threading;

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

    /// <summary>Adam for <paramref name="objective"/>; its moment estimates are allocated here.</summary>
    /// <param name="objective">The function to minimize (at least one variable).</param>
    /// <param name="options">Learning rate, decay rates and stopping rules (null: the defaults).</param>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No variables, a non-positive learning rate, or a decay rate outside [0, 1).</exception>
    public Adam(IObjective objective, AdamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        int dimension = objective.Dimension;
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1, nameof(objective));
        Objective = objective;
        Options = options ?? new AdamOptions();
        if (!(Options.LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(options), "LearningRate must be positive.");
        if (!(Options.Beta1 is >= 0 and < 1) || !(Options.Beta2 is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), "Beta1 and Beta2 must lie in [0, 1).");
        _n = dimension;
        _g = new double[dimension];
        _m = new double[dimension];
        _v = new double[dimension];
        _free = new double[dimension];
    }

    /// <summary>The settings this instance runs with.</summary>
    public AdamOptions Options { get; }

    /// <inheritdoc/>
    public IObjective Objective { get; }

    /// <summary>Minimizes the objective over the box [<paramref name="lower"/>, <paramref name="upper"/>] from the projection of <paramref name="x"/> onto it; <paramref name="x"/> holds the final point.</summary>
    /// <param name="x">The start on entry, the result on return (one entry per variable).</param>
    /// <param name="lower">Lower bounds (−∞ for none).</param>
    /// <param name="upper">Upper bounds (+∞ for none).</param>
    /// <param name="cancellation">Checked every iteration; cancelled, the run ends with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The final value, the iteration and evaluation counts, the exit reason and the final projected-gradient norm.</returns>
    /// <remarks>Runs full-batch Adam steps, each clamped to the box, until the projected gradient is below the tolerance or the step budget is spent. The moment estimates restart at every call.</remarks>
    /// <exception cref="ArgumentException">A span has the wrong length, or a bound is inverted.</exception>
    public MinimizerResult Minimize(Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, CancellationToken cancellation = default)
    {
        IObjective f = Objective;
        BoxArguments.CheckAndProject(_n, x, lower, upper);
        Array.Clear(_m);
        Array.Clear(_v);
        double b1 = Options.Beta1, b2 = Options.Beta2, power1 = 1.0, power2 = 1.0;
        double fx = f.Evaluate(x, _g);
        if (!double.IsFinite(fx)) return new MinimizerResult(fx, 0, 1, ExitReason.NonFiniteValue, double.NaN) { AtLastEvaluation = true };
        int evaluations = 1;
        for (int iteration = 0; ; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (NonFinite.Any(_g)) return new MinimizerResult(fx, iteration, evaluations, ExitReason.NonFiniteGradient, double.NaN) { AtLastEvaluation = true };
            double pg = VectorMath.ProjectedGradientNorm(x, _g, lower, upper, _free, out _);
            if (pg <= Options.ProjectedGradientTolerance) return new MinimizerResult(fx, iteration, evaluations, ExitReason.ProjectedGradientTolerance, pg) { AtLastEvaluation = true };
            if (iteration >= Options.MaxIterations) return new MinimizerResult(fx, iteration, evaluations, ExitReason.MaxIterations, pg) { AtLastEvaluation = true };
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
            if (!double.IsFinite(fx)) return new MinimizerResult(fx, iteration + 1, evaluations, ExitReason.NonFiniteValue, double.NaN) { AtLastEvaluation = true };
        }
    }
}
