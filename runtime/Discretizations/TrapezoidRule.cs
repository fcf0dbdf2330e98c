using System.Runtime.CompilerServices;

namespace DeepestLearning;

/// <summary>The trapezoid rule as a residual: r(n) = x(n+1) − x(n) − Δt/2 [F(x(n)) + F(x(n+1))] (docs/design.md §1.1).</summary>
internal static class TrapezoidRule
{
    /// <summary>r(n) for one component.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Residual(double x0, double x1, double f0, double f1, double dt) => x1 - x0 - 0.5 * dt * (f0 + f1);

    /// <summary>∂r/∂F = −Δt/2 at both ends: the gradient's weight at a grid point is this times the sum of the ρ of the steps that touch it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DriftWeight(double dt) => -(0.5 * dt);

    /// <summary>r = −x(n) + x(n+1) − Δt/2 F(n) − Δt/2 F(n+1).</summary>
    public static CollocationResidual Coefficients(double dt) => new(new[] { -1.0, 1.0 }, new[] { DriftWeight(dt), DriftWeight(dt) });
}
