namespace DeepestLearning;

/// <summary>Why a minimizer stopped.</summary>
public enum ExitReason
{
    /// <summary>The projected gradient's largest component fell below the tolerance (converged).</summary>
    ProjectedGradientTolerance,

    /// <summary>The relative decrease of f in one iteration fell below the tolerance (converged, scipy's "factr" test).</summary>
    RelativeReduction,

    /// <summary>The iteration budget was spent before a convergence test passed.</summary>
    MaxIterations,
    /// <summary>The budget of objective evaluations was spent before a convergence test passed.</summary>
    MaxEvaluations,

    /// <summary>No step satisfying the line-search conditions was found (usually at round-off level).</summary>
    LineSearchFailed,

    /// <summary>The objective returned NaN or infinity at the starting point (or, for methods without a line search, at an iterate).</summary>
    NonFiniteValue,

    /// <summary>The objective returned a finite value but a gradient with a NaN or infinite entry (at the start or at an accepted point).</summary>
    NonFiniteGradient,

    /// <summary>The exact Hessian had a NaN or infinite entry (second-order methods).</summary>
    NonFiniteHessian,

    /// <summary>The trust region shrank to round-off size without an acceptable step (second-order methods).</summary>
    TrustRegionCollapsed,

    /// <summary>An external solver (IPOPT) reports convergence to its own tolerance.</summary>
    SolverConverged,

    /// <summary>An external solver (IPOPT) stopped with an error status; see its message.</summary>
    SolverFailed,
}
