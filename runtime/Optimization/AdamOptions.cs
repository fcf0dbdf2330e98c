namespace DeepestLearning;

/// <summary>Settings of <see cref="Adam"/> (Kingma &amp; Ba 2015 defaults, full-batch steps).</summary>
public sealed record AdamOptions
{
    /// <summary>The step size α (Kingma &amp; Ba: 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay rate β₁ of the first-moment (mean) estimate, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay rate β₂ of the second-moment estimate, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>ε added to √v̂ in the denominator, so that a zero gradient component does not divide by zero.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Number of (full-batch) steps.</summary>
    public int MaxIterations { get; init; } = 5000;

    /// <summary>Stop when max |projected gradient| ≤ this.</summary>
    public double ProjectedGradientTolerance { get; init; } = 1e-8;
}
