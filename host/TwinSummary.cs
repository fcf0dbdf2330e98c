namespace DeepestLearning.Cli;

/// <summary>The headline numbers of a run (also written to summary.json) and the series behind the pictures.</summary>
/// <param name="BestParameters">The lowest path's parameters at the last level.</param>
/// <param name="BestAction">Its action at the last level.</param>
/// <param name="BestMeasurementTerm">Its measurement term at the last level.</param>
/// <param name="ExpectedMeasurementTerm">The χ² expectation of the measurement term (half the number of measurements).</param>
/// <param name="ExpectedMeasurementStd">The χ² standard deviation of the measurement term.</param>
/// <param name="LowestActionPerBeta">The lowest action at every level.</param>
/// <param name="RmseObserved">RMS error of the observed components over the window (twin data).</param>
/// <param name="RmseUnobserved">RMS error of the unobserved components (twin data with unobserved components).</param>
/// <param name="PredictionRmse">RMS error of the prediction (twin data with a horizon).</param>
/// <param name="Seconds">Wall time of the annealing.</param>
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
    public string Minimizer { get; init; } = "lbfgsb";

    /// <summary>Totals over all paths and β: iterations, objective evaluations, Hessian evaluations.</summary>
    public (long Iterations, long Evaluations, long HessianEvaluations) MinimizerTotals { get; init; }

    /// <summary>The best path's states on the grid, (Steps + 1) × D row-major.</summary>
    public double[] Estimate { get; init; } = System.Array.Empty<double>();

    /// <summary>RK4 prediction from the end of the window, (PredictionSteps + 1) × D.</summary>
    public double[] Prediction { get; init; } = System.Array.Empty<double>();

    /// <summary>The true trajectory over window and horizon (twin data only).</summary>
    public double[]? Truth { get; init; }

    /// <summary>The data the run assimilated.</summary>
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

    /// <summary>
    /// The Laplace spread of every state and the parameter covariance at the best path, with the
    /// formulation it came from (<see cref="PathMarginals"/>); null when it could not be computed.
    /// </summary>
    public PathMarginals? Marginals { get; init; }

    /// <summary>
    /// Twin data: the share of grid points where the truth lies within ±2σ of the estimate, over the
    /// observed and over the unobserved components (null without unobserved components or without bands).
    /// </summary>
    public (double Observed, double? Unobserved)? TruthWithinTwoSigma { get; init; }

    /// <summary>The Laplace weights of the distinct final levels and the model evidence (<see cref="DeepestLearning.LevelWeights"/>); null when they could not be computed.</summary>
    public LevelWeights? LevelWeights { get; init; }

    /// <summary>The posterior draws of <c>--sample</c> (<see cref="HamiltonianSampler"/> at the last level); null when the sampler did not run or failed.</summary>
    public SamplingResult? Samples { get; init; }

    /// <summary>Why the sampler asked for by <c>--sample</c> produced nothing; null when it ran or was not asked for.</summary>
    public string? SamplerFailure { get; init; }

    /// <summary>The level β the sampler ran at (with <c>--sample</c>).</summary>
    public int SamplerBeta { get; init; }
}
