namespace DeepestLearning;

/// <summary>The mass matrix M of the sampler's kinetic energy ½ pᵀ M⁻¹ p, built from the exact action Hessian H at each chain's start.</summary>
public enum MassMatrixKind
{
    /// <summary>The Hessian mass when H factors (possibly after a small shift), otherwise the diagonal one.</summary>
    Automatic,

    /// <summary>M = diag(H): each variable's own curvature; cheap, but blind to the strong couplings along the path.</summary>
    Diagonal,

    /// <summary>M = H (scaled to unit diagonal and factored as an arrowhead): for a Gaussian posterior every direction then has the same scale.</summary>
    Hessian,
}
