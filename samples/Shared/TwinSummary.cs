namespace DeepestLearning.Samples;

/// <summary>The headline numbers of a run (also written to summary.json) and the series behind the pictures.</summary>
public sealed record TwinSummary(
    double[] BestParameters,
    double BestAction,
    double BestMeasurementTerm,
    double ExpectedMeasurementTerm,
    double ExpectedMeasurementStd,
    double[] LowestActionPerBeta,
    double? RmseObserved,
    double? RmseUnobserved,
    double? PredictionRmse,
    double Seconds)
{
    /// <summary>Which minimizer ran ("lbfgsb", "newton", "ipopt").</summary>
    public string Optimizer { get; init; } = "lbfgsb";

    /// <summary>Totals over all paths and β: iterations, objective evaluations, Hessian evaluations.</summary>
    public (long Iterations, long Evaluations, long HessianEvaluations) MinimizerTotals { get; init; }

    /// <summary>The best path's states on the grid, (Steps + 1) × D row-major.</summary>
    public double[] Estimate { get; init; } = System.Array.Empty<double>();

    /// <summary>RK4 prediction from the end of the window, (PredictionSteps + 1) × D.</summary>
    public double[] Prediction { get; init; } = System.Array.Empty<double>();

    /// <summary>The true trajectory over window and horizon (twin data only).</summary>
    public double[]? Truth { get; init; }

    public Observations? Observations { get; init; }

    /// <summary>
    /// Cramér–Rao standard deviations of the parameters at the estimate (Fisher information of the
    /// experiment at the estimated parameters and initial state), when requested; NaN where fixed or not identifiable.
    /// </summary>
    public double[]? ParameterStd { get; init; }

    /// <summary>The same bound at the true parameters and initial state (twin data only): what the experiment can resolve at best.</summary>
    public double[]? DesignStd { get; init; }

    /// <summary>The library's verdict on the run (consistent, search failure, information limit, unconverged).</summary>
    public AnnealingVerdict? Verdict { get; init; }

    /// <summary>The R_f0 per component the run used (given or automatic).</summary>
    public double[] Rf0 { get; init; } = System.Array.Empty<double>();

    /// <summary>How many starts ended on the lowest level.</summary>
    public int StartsAtLowest { get; init; }
}
