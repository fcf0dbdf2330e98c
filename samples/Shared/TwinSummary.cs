namespace DeepestLearning.Samples;

/// <summary>The headline numbers of a run (also written to summary.json).</summary>
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
    double Seconds);
