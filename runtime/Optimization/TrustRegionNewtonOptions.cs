namespace DeepestLearning;

/// <summary>Settings of <see cref="TrustRegionNewton"/>; the stopping rules match <see cref="LbfgsBOptions"/>.</summary>
public sealed record TrustRegionNewtonOptions : MinimizerOptions
{
    /// <inheritdoc/>
    public override MinimizerKind Kind => MinimizerKind.Newton;

    /// <inheritdoc/>
    public override bool NeedsHessian => true;

    private protected override IBoundedMinimizer CreateFor(IObjective objective) => new TrustRegionNewton((ISecondOrderObjective)objective, this);

    /// <summary>Stop when max |proj(x − g) − x| ≤ this.</summary>
    public double ProjectedGradientTolerance { get; init; } = 1e-5;

    /// <summary>Stop when (f_k − f_k+1) / max(|f_k|, |f_k+1|, 1) ≤ this (0 disables the test).</summary>
    public double RelativeReductionTolerance { get; init; } = 2.220446049250313e-9;

    /// <summary>The most trust-region iterations (one Hessian each) one minimization may take.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Limit on objective (value + gradient) evaluations; rejected trial steps count.</summary>
    public int MaxEvaluations { get; init; } = 1000;

    /// <summary>
    /// Initial trust radius in the box-scaled norm ‖s_i / width_i‖₂ (widths of unbounded variables
    /// count as 1). Null: the first full Newton step's length when the Hessian is positive definite,
    /// otherwise 0.1·√n.
    /// </summary>
    public double? InitialRadius { get; init; }

    /// <summary>A step is accepted when actual/predicted reduction exceeds this.</summary>
    public double AcceptanceRatio { get; init; } = 1e-4;
}
