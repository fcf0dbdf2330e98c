using System.Runtime.CompilerServices;

namespace DeepestLearning;

/// <summary>
/// Hermite–Simpson collocation (docs/design.md §1.1): per step the midpoint x(n+½) is an unknown
/// and two residuals tie it to the grid points,
/// <code>
/// r₁ = x(n+1) − x(n) − Δt/6 [F(n) + 4F(n+½) + F(n+1)]      (Simpson's rule)
/// r₂ = x(n+½) − ½[x(n) + x(n+1)] − Δt/8 [F(n) − F(n+1)]   (the Hermite cubic's midpoint)
/// </code>
/// The weights <see cref="EndWeight"/>, <see cref="MiddleWeight"/> and <see cref="SlopeWeight"/>
/// are the rule's only coefficients; the residuals, the gradient weights and the Hessian's table
/// are all written with them.
/// </summary>
internal static class HermiteSimpsonRule
{
    /// <summary>Δt/6, Simpson's weight of F at either end of the step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double EndWeight(double dt) => dt / 6.0;

    /// <summary>4Δt/6, Simpson's weight of F at the midpoint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MiddleWeight(double dt) => 4.0 * dt / 6.0;

    /// <summary>Δt/8, the weight of the end slopes in the Hermite cubic's midpoint value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SlopeWeight(double dt) => dt / 8.0;

    /// <summary>r₁ for one component.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SimpsonResidual(double x0, double x1, double f0, double fm, double f1, double dt) =>
        SimpsonResidualWithWeight(x0, x1, f0, fm, f1, EndWeight(dt));

    /// <summary>r₁ with <paramref name="endWeight"/> = <see cref="EndWeight"/>(Δt) computed once by the caller's loop (the same number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SimpsonResidualWithWeight(double x0, double x1, double f0, double fm, double f1, double endWeight) =>
        x1 - x0 - endWeight * (f0 + 4.0 * fm + f1);

    /// <summary>r₂ for one component.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MidpointResidual(double x0, double x1, double xm, double f0, double f1, double dt) =>
        MidpointResidualWithWeight(x0, x1, xm, f0, f1, SlopeWeight(dt));

    /// <summary>r₂ with <paramref name="slopeWeight"/> = <see cref="SlopeWeight"/>(Δt) computed once by the caller's loop (the same number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MidpointResidualWithWeight(double x0, double x1, double xm, double f0, double f1, double slopeWeight) =>
        xm - 0.5 * (x0 + x1) - slopeWeight * (f0 - f1);

    /// <summary>The midpoint that zeroes r₂: what a path on the grid packs to (<see cref="AssimilationProblem{TModel}.Pack(System.ReadOnlySpan{double}, System.ReadOnlySpan{double}, System.Span{double})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ConsistentMidpoint(double x0, double x1, double f0, double f1, double dt) =>
        0.5 * (x0 + x1) + SlopeWeight(dt) * (f0 - f1);

    /// <summary>The gradient's vector–Jacobian weight at x(n) from step n (the step that starts there): ∂(r₁, r₂)/∂F(n) · (ρ₁, ρ₂).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double StartWeight(double rho1, double rho2, double dt) => StartWeightWith(rho1, rho2, EndWeight(dt), SlopeWeight(dt));

    /// <summary><see cref="StartWeight"/> with the rule's weights computed once by the caller's loop (the same number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double StartWeightWith(double rho1, double rho2, double endWeight, double slopeWeight) => -endWeight * rho1 - slopeWeight * rho2;

    /// <summary>The gradient's weight at x(n+1) from step n (the step that ends there): ∂(r₁, r₂)/∂F(n+1) · (ρ₁, ρ₂).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FinishWeight(double rho1, double rho2, double dt) => FinishWeightWith(rho1, rho2, EndWeight(dt), SlopeWeight(dt));

    /// <summary><see cref="FinishWeight"/> with the rule's weights computed once by the caller's loop (the same number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FinishWeightWith(double rho1, double rho2, double endWeight, double slopeWeight) => -endWeight * rho1 + slopeWeight * rho2;

    /// <summary>The gradient's weight at x(n+½): ∂r₁/∂F(n+½) · ρ₁ (r₂ does not contain F(n+½)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MidpointWeight(double rho1, double dt) => MidpointWeightWith(rho1, MiddleWeight(dt));

    /// <summary><see cref="MidpointWeight"/> with <paramref name="middleWeight"/> = <see cref="MiddleWeight"/>(Δt) computed once by the caller's loop (the same number).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MidpointWeightWith(double rho1, double middleWeight) => -middleWeight * rho1;

    /// <summary>r₁ and r₂ over the local points x(n), x(n+1), x(n+½).</summary>
    public static CollocationResidual[] Coefficients(double dt) => new[]
    {
        new CollocationResidual(new[] { -1.0, 1.0, 0.0 }, new[] { -EndWeight(dt), -EndWeight(dt), -MiddleWeight(dt) }),
        new CollocationResidual(new[] { -0.5, -0.5, 1.0 }, new[] { -SlopeWeight(dt), SlopeWeight(dt), 0.0 }),
    };
}
