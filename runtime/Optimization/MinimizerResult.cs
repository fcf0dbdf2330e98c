namespace DeepestLearning;

/// <summary>Outcome of one minimization. <paramref name="HessianEvaluations"/> is zero for first-order methods.</summary>
public readonly record struct MinimizerResult(double Value, int Iterations, int Evaluations, ExitReason Exit, double ProjectedGradientNorm, int HessianEvaluations = 0)
{
    /// <summary>Whether the run stopped on a convergence test (projected gradient, relative reduction, or the external solver's own) rather than a budget or a failure.</summary>
    public bool Converged => Exit is ExitReason.ProjectedGradientTolerance or ExitReason.RelativeReduction or ExitReason.SolverConverged;

    /// <summary>
    /// Whether the returned point is the last one the objective was evaluated at, so that what the objective keeps of its
    /// last evaluation (an action's two terms) belongs to it: true after an accepted step, false when the run ended on a
    /// rejected trial or a failed line search (and always for IPOPT, whose evaluation order is its own).
    /// </summary>
    public bool AtLastEvaluation { get; init; }
}
