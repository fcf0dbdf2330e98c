using System;

namespace DeepestLearning;

/// <summary>
/// A collocation rule (forward Euler, trapezoid, Hermite–Simpson) in the form the action's Hessian
/// needs: every residual of a step is a linear combination
/// r_a = Σ_lp Identity[lp]·x_a(lp) + Drift[lp]·F_a(x(lp)) over the step's local points
/// x(n), x(n+1) and, for Hermite–Simpson, x(n+½). The coefficients come from the rule's own
/// definition (<see cref="ForwardEulerRule"/>, <see cref="TrapezoidRule"/>,
/// <see cref="HermiteSimpsonRule"/>), which also gives the residual and gradient formulas the
/// action evaluates.
/// </summary>
internal sealed class CollocationRule
{
    private CollocationRule(int pointsPerStep, CollocationResidual[] residuals)
    {
        PointsPerStep = pointsPerStep;
        Residuals = residuals;
    }

    /// <summary>Local points per step: 2 (x(n), x(n+1)), or 3 with the midpoint x(n+½) last.</summary>
    public int PointsPerStep { get; }

    /// <summary>The residuals of one step, one block of D rows each.</summary>
    public CollocationResidual[] Residuals { get; }

    /// <summary>The coefficients of <paramref name="discretization"/> at step Δt = <paramref name="dt"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="discretization"/> is RK4, which is not a collocation rule.</exception>
    public static CollocationRule For(Discretization discretization, double dt) => discretization switch
    {
        Discretization.ForwardEuler => new CollocationRule(2, new[] { ForwardEulerRule.Coefficients(dt) }),
        Discretization.Trapezoid => new CollocationRule(2, new[] { TrapezoidRule.Coefficients(dt) }),
        Discretization.HermiteSimpson => new CollocationRule(3, HermiteSimpsonRule.Coefficients(dt)),
        _ => throw new ArgumentOutOfRangeException(nameof(discretization), discretization, "not a collocation rule."),
    };
}

/// <summary>One residual r_a = Σ_lp Identity[lp]·x_a(lp) + Drift[lp]·F_a(x(lp)) over a step's local points.</summary>
internal sealed record CollocationResidual(double[] Identity, double[] Drift);
