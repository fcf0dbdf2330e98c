using System;

namespace DeepestLearning;

/// <summary>
/// The implicit midpoint rule z(n+1) = z(n) + h·X((z(n) + z(n+1))/2) for the Hamiltonian vector field X
/// of an <see cref="AssimilationHamiltonian{TModel}"/>: a symplectic one-step method (its one-step
/// Jacobian M = (I − h/2·A)⁻¹(I + h/2·A), A the Hamiltonian matrix at the midpoint, satisfies
/// MᵀJM = J) that conserves quadratic invariants exactly and keeps the energy error bounded.
/// Newton iterations on the generated Jacobians solve the implicit equation; h may be negative
/// (backward integration). Allocation-free after construction.
/// </summary>
public sealed class ImplicitMidpoint<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationHamiltonian<TModel> _h;
    private readonly DenseLu _lu;
    private readonly double[] _mid, _field, _residual, _a;

    /// <summary>The implicit midpoint integrator of <paramref name="hamiltonian"/>'s vector field.</summary>
    /// <param name="hamiltonian">The Hamiltonian; its current forcing applies to every step.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hamiltonian"/> is null.</exception>
    public ImplicitMidpoint(AssimilationHamiltonian<TModel> hamiltonian)
    {
        _h = hamiltonian ?? throw new ArgumentNullException(nameof(hamiltonian));
        int n = hamiltonian.Dimension;
        _lu = new DenseLu(n);
        _mid = new double[n];
        _field = new double[n];
        _residual = new double[n];
        _a = new double[n * n];
    }

    /// <summary>Newton tolerance on the step correction, relative to 1 + |z|.</summary>
    public double Tolerance { get; init; } = 1e-14;

    /// <summary>The most Newton iterations per step before <see cref="Step"/> gives up and throws.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Newton iterations of the last step.</summary>
    public int LastIterations { get; private set; }

    /// <summary>next = z + h X(midpoint). Throws when Newton does not converge (reduce h).</summary>
    public void Step(ReadOnlySpan<double> z, ReadOnlySpan<double> u, double h, Span<double> next)
    {
        int n = _h.Dimension;
        ModelArguments.RequireLength(z.Length, n, nameof(z));
        ModelArguments.RequireLength(next.Length, n, nameof(next));
        // Start from the explicit Euler predictor.
        _h.VectorField(z, u, _field);
        for (int i = 0; i < n; i++) next[i] = z[i] + h * _field[i];
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            for (int i = 0; i < n; i++) _mid[i] = 0.5 * (z[i] + next[i]);
            _h.VectorField(_mid, u, _field);
            double scale = 0;
            for (int i = 0; i < n; i++)
            {
                _residual[i] = -(next[i] - z[i] - h * _field[i]);
                scale = Math.Max(scale, Math.Abs(next[i]));
            }
            // G'(next) = I − h/2 A(mid).
            FactorAtMidpoint(u, h);
            _lu.Solve(_residual);
            double correction = 0;
            for (int i = 0; i < n; i++)
            {
                next[i] += _residual[i];
                correction = Math.Max(correction, Math.Abs(_residual[i]));
            }
            if (!double.IsFinite(correction)) break;
            if (correction <= Tolerance * (1 + scale))
            {
                LastIterations = iteration;
                return;
            }
        }
        throw new InvalidOperationException($"implicit midpoint: Newton did not converge in {MaxIterations} iterations (h = {h}); reduce the step.");
    }

    /// <summary>
    /// Integrates (x, p) over <paramref name="steps"/> steps of h (negative h integrates backwards),
    /// writing z(0) … z(steps) into <paramref name="trajectory"/> ((steps + 1) × 2D). Before step n,
    /// <paramref name="beforeStep"/> (if given) may set the Hamiltonian's measurement forcing for that
    /// step — data on the grid where they exist.
    /// </summary>
    public void Integrate(ReadOnlySpan<double> z0, ReadOnlySpan<double> u, double h, int steps, Span<double> trajectory, Action<int>? beforeStep = null)
    {
        int n = _h.Dimension;
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ModelArguments.RequireLength(z0.Length, n, nameof(z0));
        ModelArguments.RequireLength(trajectory.Length, (steps + 1) * n, nameof(trajectory));
        z0.Slice(0, n).CopyTo(trajectory);
        for (int s = 0; s < steps; s++)
        {
            beforeStep?.Invoke(s);
            Step(trajectory.Slice(s * n, n), u, h, trajectory.Slice((s + 1) * n, n));
        }
    }

    /// <summary>
    /// The one-step Jacobian M = ∂next/∂z = (I − h/2 A)⁻¹(I + h/2 A) at the converged midpoint of a
    /// step from z to next (row-major 2D × 2D).
    /// </summary>
    public void StepJacobian(ReadOnlySpan<double> z, ReadOnlySpan<double> next, ReadOnlySpan<double> u, double h, Span<double> matrix)
    {
        int n = _h.Dimension;
        ModelArguments.RequireLength(matrix.Length, n * n, nameof(matrix));
        for (int i = 0; i < n; i++) _mid[i] = 0.5 * (z[i] + next[i]);
        FactorAtMidpoint(u, h);
        for (int c = 0; c < n; c++)
        {
            for (int r = 0; r < n; r++) _residual[r] = 0.5 * h * _a[r * n + c] + (r == c ? 1.0 : 0.0);
            _lu.Solve(_residual);
            for (int r = 0; r < n; r++) matrix[r * n + c] = _residual[r];
        }
    }

    /// <summary>A = ∂X/∂z at the midpoint in _mid (kept in _a), and the factorization of I − h/2·A.</summary>
    private void FactorAtMidpoint(ReadOnlySpan<double> u, double h)
    {
        int n = _h.Dimension;
        _h.VectorFieldJacobian(_mid, u, _a);
        Span<double> m = _lu.Matrix;
        for (int i = 0; i < n * n; i++) m[i] = -0.5 * h * _a[i];
        for (int i = 0; i < n; i++) m[i * n + i] += 1.0;
        if (!_lu.Factor()) throw new InvalidOperationException("implicit midpoint: the matrix I − h/2·A is singular; reduce the step.");
    }
}
