namespace DeepestLearning;

/// <summary>Settings of <see cref="Adam"/> (Kingma &amp; Ba 2015 defaults, full-batch steps).</summary>
public sealed record AdamOptions
{
    public double LearningRate { get; init; } = 1e-3;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Number of (full-batch) steps.</summary>
    public int MaxIterations { get; init; } = 5000;

    /// <summary>Stop when max |projected gradient| ≤ this.</summary>
    public double ProjectedGradientTolerance { get; init; } = 1e-8;
}
