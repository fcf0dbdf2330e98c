namespace DeepestLearning;

/// <summary>Outcome of one minimization. <paramref name="HessianEvaluations"/> is zero for first-order methods.</summary>
public readonly record struct MinimizerResult(double Value, int Iterations, int Evaluations, ExitReason Exit, double ProjectedGradientNorm, int HessianEvaluations = 0)
{
    /// <summary>Whether the run stopped on a convergence test (projected gradient, relative reduction, or the external solver's own) rather than a budget or a failure.</summary>
    public bool Converged => Exit is ExitReason.ProjectedGradientTolerance or ExitReason.RelativeReduction or ExitReason.SolverConverged;
}
