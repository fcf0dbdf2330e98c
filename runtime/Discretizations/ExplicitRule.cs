namespace DeepestLearning;

/// <summary>The explicit one-step maps that have an exact discrete adjoint partner.</summary>
public enum ExplicitRule
{
    /// <summary>x(n+1) = x(n) + Δt F(x(n)).</summary>
    ForwardEuler,

    /// <summary>Classical fourth-order Runge–Kutta.</summary>
    RungeKutta4,
}
