namespace DeepestLearning;

/// <summary>Outcome of one minimization. <paramref name="HessianEvaluations"/> is zero for first-order methods.</summary>
public readonly record struct MinimizerResult(double Value, int Iterations, int Evaluations, ExitReason Exit, double ProjectedGradientNorm, int HessianEvaluations = 0)
{
    public bool Converged => Exit is ExitReason.ProjectedGradientTolerance or ExitReason.RelativeReduction or ExitReason.SolverConverged;
}
