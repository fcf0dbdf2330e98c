using System.Runtime.CompilerServices;

namespace DeepestLearning;

/// <summary>
/// Forward Euler as a residual: r(n) = x(n+1) − x(n) − Δt F(x(n)) (docs/design.md §1.1). Its
/// explicit map with tangent and adjoint is <see cref="ForwardEulerStep{TModel}"/>.
/// </summary>
internal static class ForwardEulerRule
{
    /// <summary>r(n) for one component.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Residual(double x0, double x1, double f0, double dt) => x1 - x0 - dt * f0;

    /// <summary>∂r(n)/∂F(x(n)) = −Δt: the gradient's vector–Jacobian weight at x(n) is this times ρ(n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DriftWeight(double dt) => -dt;

    /// <summary>r = −x(n) + x(n+1) − Δt F(n); F at x(n+1) does not enter.</summary>
    public static CollocationResidual Coefficients(double dt) => new(new[] { -1.0, 1.0 }, new[] { DriftWeight(dt), 0.0 });
}
