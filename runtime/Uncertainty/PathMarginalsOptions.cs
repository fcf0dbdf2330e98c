using System;

namespace DeepestLearning;

/// <summary>When <see cref="PathMarginals"/> trusts the weak-constraint Hessian, and what it may do instead.</summary>
public sealed record PathMarginalsOptions
{
    /// <summary>
    /// The weak-constraint Hessian is used only when, scaled to unit diagonal, its smallest LDLᵀ pivot is
    /// at least this (default 1e-8). For a unit-diagonal matrix 1 / (smallest pivot) is a lower bound on
    /// the condition number; measured on a linear-Gaussian model against the exact limit, the variances'
    /// relative error was 3e-14 / (smallest pivot) as R_f grew (3e-4 at a pivot of 1e-10), so 1e-8 keeps
    /// them to a few parts in a million.
    /// </summary>
    public double MinimumScaledPivot { get; init; } = DefaultMinimumScaledPivot;

    /// <summary>The default of <see cref="MinimumScaledPivot"/>, also the sampler's threshold for its Hessian mass.</summary>
    internal const double DefaultMinimumScaledPivot = 1e-8;

    /// <summary>
    /// The weak-constraint Hessian is not even formed when its factorization and selected inversion would cost
    /// more than this many multiply-adds (default 2e10, tens of seconds): about (rows) × (envelope width + parameters)²,
    /// with the width two time points of D states (three with Hermite–Simpson midpoints). A run with L-BFGS-B never
    /// needed the Hessian, and for a wide model (D in the thousands) its envelope would not fit in memory.
    /// </summary>
    public double WeakConstraintWorkLimit { get; init; } = 2e10;

    /// <summary>Whether the strong-constraint covariance may replace an ill-conditioned weak-constraint one (default true).</summary>
    public bool AllowStrongConstraint { get; init; } = true;

    /// <summary>
    /// The strong-constraint sensitivities are skipped when they would cost more than this many
    /// multiply-adds (default 2e9, about two annealing levels of a large problem): (parameters + D) tangents
    /// per step, two passes.
    /// </summary>
    public double StrongConstraintWorkLimit { get; init; } = 2e9;

    /// <summary>Whether lower annealing levels may be tried as the last resort (default true; only when the levels are known).</summary>
    public bool AllowLowerPrecision { get; init; } = true;

    internal void Validate(string name)
    {
        if (!(MinimumScaledPivot > 0 && MinimumScaledPivot < 1))
            throw new ArgumentOutOfRangeException(name, MinimumScaledPivot, "MinimumScaledPivot must lie in (0, 1).");
        if (!(StrongConstraintWorkLimit >= 0))
            throw new ArgumentOutOfRangeException(name, StrongConstraintWorkLimit, "StrongConstraintWorkLimit must be non-negative.");
        if (!(WeakConstraintWorkLimit >= 0))
            throw new ArgumentOutOfRangeException(name, WeakConstraintWorkLimit, "WeakConstraintWorkLimit must be non-negative.");
    }
}
