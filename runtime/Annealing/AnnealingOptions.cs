using System;

namespace DeepestLearning;

/// <summary>Precision annealing settings: R_f = R_f0 · α^β for β = 0 … β_max, N_I initial paths (DESIGN §1.2).</summary>
public sealed record AnnealingOptions
{
    /// <summary>R_f0 per state component (one value per component).</summary>
    public required double[] Rf0 { get; init; }

    public double Alpha { get; init; } = 1.5;
    public int BetaMax { get; init; } = 100;
    public int Paths { get; init; } = 4;
    public int Seed { get; init; } = 1;

    /// <summary>Threads across ensemble members; results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Which minimizer runs at every β.</summary>
    public MinimizerKind Optimizer { get; init; } = MinimizerKind.LbfgsB;

    /// <summary>Settings of L-BFGS-B (used when <see cref="Optimizer"/> is LbfgsB).</summary>
    public LbfgsBOptions LbfgsB { get; init; } = new();

    /// <summary>Settings of trust-region Newton (used when <see cref="Optimizer"/> is Newton).</summary>
    public NewtonOptions Newton { get; init; } = new();

    /// <summary>Settings of IPOPT (used when <see cref="Optimizer"/> is Ipopt).</summary>
    public IpoptOptions Ipopt { get; init; } = new();

    /// <summary>A fresh minimizer of the chosen kind (one per path: minimizers keep scratch state).</summary>
    public IBoundedMinimizer CreateMinimizer(int dimension) => MinimizerKinds.Create(Optimizer, dimension, LbfgsB, Newton, Ipopt);

    /// <summary>Optional initial guess for the estimated parameters (else uniform within bounds).</summary>
    public double[]? InitialParameters { get; init; }

    public static AnnealingOptions Uniform(int stateCount, double rf0) => new() { Rf0 = Fill(stateCount, rf0) };

    internal static double[] Fill(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }
}

/// <summary>Reported after each (path, β) minimization.</summary>
public readonly record struct AnnealingProgress(int Path, int Beta, double Rf, double Action, double BestActionAtBeta, int CompletedSteps, int TotalSteps, TimeSpan Elapsed);
