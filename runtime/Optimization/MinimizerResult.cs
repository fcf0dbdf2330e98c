namespace DeepestLearning;

/// <summary>Outcome of one minimization.</summary>
public readonly record struct MinimizerResult(double Value, int Iterations, int Evaluations, ExitReason Exit, double ProjectedGradientNorm)
{
    public bool Converged => Exit is ExitReason.ProjectedGradientTolerance or ExitReason.RelativeReduction;
}
