namespace DeepestLearning;

/// <summary>Which posterior <see cref="PathMarginals"/> computed the spreads from.</summary>
public enum MarginalFormulation
{
    /// <summary>
    /// The Laplace approximation of the action as annealed: the inverse of its exact Hessian at the
    /// path, at the model precision R_f of the requested level (β_max). Includes the model-error
    /// spread 1/R_f; exact for a linear model with a linear discretization.
    /// </summary>
    WeakConstraint,

    /// <summary>
    /// The R_f → ∞ limit, used when the weak-constraint Hessian is too ill-conditioned to invert in
    /// double precision: the states are functions of the initial state and the parameters through the
    /// model's flow (RK4 on the problem's grid, linearized along the path), their covariance is the
    /// inverse Fisher information of the measurements, and each state's variance is sᵀ Σ s with s its
    /// forward sensitivity. The weak-constraint posterior converges to this one as R_f grows.
    /// </summary>
    StrongConstraint,

    /// <summary>
    /// The weak-constraint Laplace approximation at a lower annealing level (a smaller R_f) than the
    /// one requested, at the same path: the last resort when neither of the above is available. The
    /// looser model admits more model error, so these spreads err on the wide side.
    /// </summary>
    LowerPrecision,

    /// <summary>No formulation gave a positive definite covariance; every spread is NaN (the explanation says why).</summary>
    None,
}

/// <summary>The formulations' names as written to summary.json.</summary>
public static class MarginalFormulations
{
    /// <summary>weakConstraint, strongConstraint, lowerPrecision or none.</summary>
    public static string Name(this MarginalFormulation formulation) => formulation switch
    {
        MarginalFormulation.WeakConstraint => "weakConstraint",
        MarginalFormulation.StrongConstraint => "strongConstraint",
        MarginalFormulation.LowerPrecision => "lowerPrecision",
        _ => "none",
    };
}
