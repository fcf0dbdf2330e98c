using System;

namespace DeepestLearning;

/// <summary>Precision annealing settings: R_f = R_f0 · α^β for β = 0 … β_max, N_I initial paths (docs/design.md §1.2).</summary>
public sealed record AnnealingOptions
{
    /// <summary>
    /// R_f0 per state component (one value per component), or null to choose it from the problem
    /// (<see cref="AutomaticPrecision"/>): each component's model term a fixed small fraction of the
    /// χ² expectation on the first start path. The values used are in <see cref="AnnealingResult{TModel}.Rf0"/>.
    /// </summary>
    public double[]? Rf0 { get; init; }

    /// <summary>How the initial paths are built (default: synchronized to the data when the minimizer is Newton or the data determine the unobserved components, else uniform).</summary>
    public StartKind Starts { get; init; } = StartKind.Automatic;

    /// <summary>
    /// Retry a β whose minimization failed (budget exhausted, trust region collapsed, non-finite
    /// action) from the last accepted path in smaller steps α^½, α^¼ … (see <see cref="MaxHalvings"/>).
    /// </summary>
    public bool AdaptiveSteps { get; init; } = true;

    /// <summary>How many times one step may be halved before a failed minimization is accepted as it is.</summary>
    public int MaxHalvings { get; init; } = 3;

    /// <summary>
    /// Stop before β_max once the lowest action changed by less than <see cref="PlateauAction"/> over
    /// the last <see cref="PlateauLevels"/> levels and its measurement term is within 3 standard
    /// deviations of its χ² expectation.
    /// </summary>
    public bool StopAtPlateau { get; init; } = true;

    /// <summary>How many consecutive levels must each project a remaining change below <see cref="PlateauAction"/> (see <see cref="Plateau"/>).</summary>
    public int PlateauLevels { get; init; } = 3;

    /// <summary>
    /// The action change below which the level counts as flat: ½, the change of the negative
    /// log-likelihood when any estimated quantity moves by one standard deviation.
    /// </summary>
    public double PlateauAction { get; init; } = 0.5;

    /// <summary>Parameter names for the verdict's explanation (else p[k]).</summary>
    public string[]? ParameterNames { get; init; }

    /// <summary>Judge the run at its end (<see cref="AnnealingVerdict"/>), with the Cramér–Rao bounds at the estimate when the Fisher information is affordable.</summary>
    public bool Verdict { get; init; } = true;

    /// <summary>α &gt; 1, the factor by which R_f grows from one β to the next.</summary>
    public double Alpha { get; init; } = 1.5;
    /// <summary>The last β, or null to derive it from the required model precision (<see cref="AutomaticPrecision.BetaMax"/>). The run may stop earlier on a settled plateau.</summary>
    public int? BetaMax { get; init; }
    /// <summary>N_I, the number of starts annealed side by side (the ensemble whose levels are compared).</summary>
    public int Paths { get; init; } = 4;
    /// <summary>Seed of the starts: the same seed gives the same starts, in every process and for any thread count.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Threads across ensemble members; results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The minimizer that runs at every β, with its settings: <see cref="LbfgsBOptions"/>, <see cref="TrustRegionNewtonOptions"/>,
    /// <see cref="IpoptOptions"/>, or (the default) <see cref="AutomaticMinimizerOptions"/>, Newton where its factorization is
    /// affordable and L-BFGS-B otherwise. The minimizer that ran is in <see cref="AnnealingResult{TModel}.Minimizer"/>.
    /// </summary>
    public MinimizerOptions Minimizer { get; init; } = new AutomaticMinimizerOptions();

    /// <summary>
    /// Continue a run from this checkpoint (saved by <see cref="Checkpoint"/> or carried by an
    /// <see cref="AnnealingCanceledException"/>) instead of starting at β = 0; the result is the same,
    /// bit for bit, as that of the run never interrupted. The problem and these options must be the
    /// ones the checkpoint was written with (threads may differ).
    /// </summary>
    public AnnealingCheckpoint? ResumeFrom { get; init; }

    /// <summary>Called after every completed β with what a later run needs to resume (e.g. <see cref="AnnealingCheckpoint.Save"/> it).</summary>
    public Action<AnnealingCheckpoint>? Checkpoint { get; init; }

    /// <summary>Optional initial guess for the estimated parameters (else uniform within bounds); used by the starts that are built, not by <see cref="InitialPaths"/>.</summary>
    public double[]? InitialParameters { get; init; }

    /// <summary>
    /// Initial paths the user already has — a previous run's <see cref="AnnealingResult{TModel}.FinalPaths"/>, a model
    /// run packed by <see cref="AssimilationProblem{TModel}.Pack(ReadOnlySpan{double}, ReadOnlySpan{double})"/> — in
    /// start order: entry k is start k's packed path (states, midpoints for Hermite–Simpson, estimated parameters);
    /// a null entry, and every start beyond the list, is built as <see cref="Starts"/> says. At most
    /// <see cref="Paths"/> entries, each of length <see cref="AssimilationProblem{TModel}.VariableCount"/> and finite
    /// (else <see cref="ArgumentException"/> naming <c>options</c>). Values outside the box bounds are moved onto
    /// them (a minimizer starts inside its bounds); <see cref="StartPaths.OutsideBounds"/> counts them beforehand.
    /// A given first path is also the one automatic R_f0 is measured on.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<double[]?>? InitialPaths { get; init; }

    /// <summary>Options with one R_f0 for every component and the field's classic uniform starts.</summary>
    public static AnnealingOptions Uniform(int stateCount, double rf0) => new() { Rf0 = Fill(stateCount, rf0), Starts = StartKind.Uniform };

    internal static double[] Fill(int n, double value)
    {
        var a = new double[n];
        Array.Fill(a, value);
        return a;
    }
}

/// <summary>Reported after each (path, β) minimization.</summary>
public readonly record struct AnnealingProgress(int Path, int Beta, double Rf, double Action, double BestActionAtBeta, int CompletedSteps, int TotalSteps, TimeSpan Elapsed);
