namespace DeepestLearning;

/// <summary>Settings of <see cref="LbfgsB"/>; defaults follow scipy's L-BFGS-B.</summary>
public sealed record LbfgsBOptions : MinimizerOptions
{
    /// <inheritdoc/>
    public override MinimizerKind Kind => MinimizerKind.LbfgsB;

    private protected override IBoundedMinimizer CreateFor(IObjective objective) => new LbfgsB(objective, this);

    /// <summary>Number of correction pairs kept (scipy: maxcor = 10).</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Stop when max |proj(x − g) − x| ≤ this (scipy: pgtol/gtol = 1e-5).</summary>
    public double ProjectedGradientTolerance { get; init; } = 1e-5;

    /// <summary>Stop when (f_k − f_k+1) / max(|f_k|, |f_k+1|, 1) ≤ this (scipy: factr·eps = 2.2e-9).</summary>
    public double RelativeReductionTolerance { get; init; } = 2.220446049250313e-9;

    /// <summary>The most iterations one minimization may take (SciPy: maxiter = 15000).</summary>
    public int MaxIterations { get; init; } = 15000;
    /// <summary>The most objective evaluations one minimization may take, line searches included (SciPy: maxfun = 15000).</summary>
    public int MaxEvaluations { get; init; } = 15000;

    /// <summary>Sufficient-decrease constant c₁ of the strong Wolfe conditions.</summary>
    public double SufficientDecrease { get; init; } = 1e-4;

    /// <summary>Curvature constant c₂ of the strong Wolfe conditions.</summary>
    public double Curvature { get; init; } = 0.9;
}
