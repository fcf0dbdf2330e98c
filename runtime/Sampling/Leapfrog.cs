using System;

namespace DeepestLearning;

/// <summary>
/// The leapfrog (Störmer–Verlet) step of H(x, p) = A(x) + ½ pᵀ M⁻¹ p: half a kick p −= ε/2 ∇A, a drift
/// x += ε M⁻¹p, half a kick — symplectic, so it preserves volume and, with the momentum negated, runs back
/// to where it came from (Neal 2011, "MCMC using Hamiltonian dynamics", §5.2). Box bounds are walls: a drift
/// that would cross xᵢ = bound stops there, reflects the momentum (<see cref="MassMatrix.Reflect"/>) and goes on
/// for the rest of the step (§5.1), which keeps both properties. The action's gradient at the current
/// position is kept between steps, so a step costs one gradient and one M⁻¹p; nothing allocates.
/// </summary>
internal sealed class Leapfrog<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly ActionFunction<TModel> _action;
    private readonly MassMatrix _mass;
    private readonly double[] _lower, _upper, _gradient, _velocity, _column;
    private double _potential;

    /// <summary>The largest number of bounces in one step before the step is called divergent.</summary>
    private const int MaximumBounces = 1000;

    public Leapfrog(ActionFunction<TModel> action, MassMatrix mass, double[] lower, double[] upper)
    {
        _action = action;
        _mass = mass;
        _lower = lower;
        _upper = upper;
        int n = action.Dimension;
        _gradient = new double[n];
        _velocity = new double[n];
        _column = new double[n];
    }

    /// <summary>A(x) at the current position.</summary>
    public double Potential => _potential;

    /// <summary>∇A at the current position.</summary>
    public ReadOnlySpan<double> Gradient => _gradient;

    /// <summary>The mass matrix of the kinetic energy.</summary>
    public MassMatrix Mass => _mass;

    /// <summary>Bounces since construction.</summary>
    public long Bounces { get; private set; }

    /// <summary>Gradient evaluations since construction.</summary>
    public long GradientEvaluations { get; private set; }

    /// <summary>Evaluates A and ∇A at <paramref name="x"/>, which becomes the current position.</summary>
    public double Begin(ReadOnlySpan<double> x)
    {
        _potential = _action.Evaluate(x, _gradient);
        GradientEvaluations++;
        return _potential;
    }

    /// <summary>Restores a saved current state (after a rejected trajectory).</summary>
    public void Restore(double potential, ReadOnlySpan<double> gradient)
    {
        _potential = potential;
        gradient.CopyTo(_gradient);
    }

    /// <summary>K(p) = ½ pᵀ M⁻¹ p.</summary>
    public double Kinetic(ReadOnlySpan<double> p)
    {
        _mass.Velocity(p, _velocity);
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] * _velocity[i];
        return 0.5 * sum;
    }

    /// <summary>
    /// One step of size <paramref name="epsilon"/> from the current position <paramref name="x"/> (as left by
    /// <see cref="Begin"/> or the last step) with momentum <paramref name="p"/>, both updated in place.
    /// Returns false when the action or its gradient is not finite, or the drift kept bouncing: a divergent trajectory.
    /// </summary>
    public bool Step(Span<double> x, Span<double> p, double epsilon)
    {
        double half = 0.5 * epsilon;
        for (int i = 0; i < p.Length; i++) p[i] -= half * _gradient[i];
        _mass.Velocity(p, _velocity);
        if (!Drift(x, p, epsilon)) return false;
        _potential = _action.Evaluate(x, _gradient);
        GradientEvaluations++;
        if (!double.IsFinite(_potential)) return false;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] -= half * _gradient[i];
            if (!double.IsFinite(p[i])) return false;
        }
        return true;
    }

    /// <summary>x += t·M⁻¹p for t = <paramref name="time"/>, reflecting at every bound met on the way (the earliest first).</summary>
    internal bool Drift(Span<double> x, Span<double> p, double time)
    {
        Span<double> v = _velocity;
        double remaining = time;
        for (int bounce = 0; ; bounce++)
        {
            double first = remaining;
            int wall = -1;
            for (int i = 0; i < x.Length; i++)
            {
                double vi = v[i], t;
                if (vi > 0) t = (_upper[i] - x[i]) / vi;
                else if (vi < 0) t = (_lower[i] - x[i]) / vi;
                else continue;
                if (t < first)
                {
                    first = Math.Max(t, 0.0);
                    wall = i;
                }
            }
            if (wall < 0)
            {
                for (int i = 0; i < x.Length; i++) x[i] += remaining * v[i];
                return true;
            }
            if (bounce >= MaximumBounces || !double.IsFinite(first)) return false;
            double bound = v[wall] > 0 ? _upper[wall] : _lower[wall];
            for (int i = 0; i < x.Length; i++) x[i] += first * v[i];
            x[wall] = bound;
            _mass.Reflect(wall, p, v, _column);
            Bounces++;
            remaining -= first;
        }
    }

    /// <summary>Writes the current velocity M⁻¹p for <paramref name="p"/> (for a start drawn from the Laplace approximation).</summary>
    public void SetVelocity(ReadOnlySpan<double> p) => _mass.Velocity(p, _velocity);
}
