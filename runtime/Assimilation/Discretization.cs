namespace DeepestLearning;

/// <summary>How the model term turns dx/dt = F into a residual per step (docs/design.md §1.1).</summary>
public enum Discretization
{
    /// <summary>r(n) = x(n+1) − x(n) − Δt F(x(n)).</summary>
    ForwardEuler,

    /// <summary>r(n) = x(n+1) − x(n) − Δt/2 [F(x(n)) + F(x(n+1))].</summary>
    Trapezoid,

    /// <summary>Simpson's rule with midpoint variables x(n+½) and two residuals per step.</summary>
    HermiteSimpson,

    /// <summary>r(n) = x(n+1) − Φ_RK4(x(n)).</summary>
    RungeKutta4,
}
