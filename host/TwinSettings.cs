using System;

namespace DeepestLearning.Cli;

/// <summary>
/// Everything a twin experiment (or a run on the user's data) needs: the model's description
/// (names, true parameters, boxes), the window, the data, the annealing and the outputs. A
/// program's defaults are one of these; the command line overrides its fields.
/// </summary>
public sealed record TwinSettings
{
    /// <summary>The model's name in titles and summary.json.</summary>
    public required string ModelName { get; init; }

    /// <summary>One name per parameter (levels.csv columns, tables).</summary>
    public required string[] ParameterNames { get; init; }

    /// <summary>The parameters that generate twin data (and that errors are measured against).</summary>
    public required double[] TrueParameters { get; init; }

    /// <summary>Lower bounds of the parameter search.</summary>
    public required double[] ParameterLower { get; init; }

    /// <summary>Upper bounds of the parameter search.</summary>
    public required double[] ParameterUpper { get; init; }

    /// <summary>Lower bounds of every state component on the path.</summary>
    public required double[] StateLower { get; init; }

    /// <summary>Upper bounds of every state component on the path.</summary>
    public required double[] StateUpper { get; init; }

    /// <summary>The measured state components (--observed).</summary>
    public required int[] Observed { get; init; }

    /// <summary>Draws the true initial state before spin-up (twin data).</summary>
    public required Func<Random, double[]> InitialState { get; init; }

    /// <summary>The model time step Δt (--dt).</summary>
    public double Dt { get; init; } = 0.025;

    /// <summary>The number of steps N of the window, which holds N + 1 points (--steps).</summary>
    public int Steps { get; init; } = 160;

    /// <summary>A measurement every this many model steps (--data-every).</summary>
    public int DataEvery { get; init; } = 1;

    /// <summary>Measurement noise σ; R_m = 1/σ² (--noise).</summary>
    public double Noise { get; init; } = 0.5;

    /// <summary>The model term's rule (--discretization).</summary>
    public Discretization Discretization { get; init; } = Discretization.Trapezoid;

    /// <summary>R_f0 per state component, or null for the library's automatic choice (<see cref="AutomaticPrecision"/>).</summary>
    public double[]? Rf0 { get; init; }

    /// <summary>Stop on a settled plateau consistent with χ² (else always run to β_max).</summary>
    public bool StopAtPlateau { get; init; } = true;

    /// <summary>How the annealing's initial paths are built.</summary>
    public StartKind Starts { get; init; } = StartKind.Automatic;

    /// <summary>The ratio α of successive R_f (--alpha).</summary>
    public double Alpha { get; init; } = 1.5;

    /// <summary>The last β, or null to derive it from the required model precision.</summary>
    public int? BetaMax { get; init; } = 100;

    /// <summary>The number of initial paths N_I (--paths).</summary>
    public int Paths { get; init; } = 4;

    /// <summary>Seed of the twin data's noise and of the starts (--seed).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Threads across paths; results do not depend on it (--threads).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The output folder (--out).</summary>
    public string OutDir { get; init; } = "out";

    /// <summary>
    /// Continue the interrupted run whose checkpoint (<see cref="RunOutcome.Checkpoint"/>) is in
    /// <see cref="OutDir"/> instead of starting at β = 0; the other settings must be the ones it ran with.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Anneal only this part of the starts, to β_max, and save it as shard.bin in <see cref="OutDir"/>
    /// (<c>--shard K/N</c>); null anneals every start. See <see cref="TwinRunner.RunShard{TModel}"/>.
    /// </summary>
    public AnnealingShard? Shard { get; init; }

    /// <summary>
    /// The results of every shard of this run (<c>--merge</c>): the run is then combined from them instead
    /// of annealed, and its outputs are those one process would have written. Null anneals.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<AnnealingShardResult>? MergeShards { get; init; }

    /// <summary>A file of measurements instead of twin data (--data), or null.</summary>
    public string? DataFile { get; init; }

    /// <summary>Model steps integrated from <see cref="InitialState"/> before the window (twin data).</summary>
    public int SpinUpSteps { get; init; } = 2000;

    /// <summary>Model steps predicted after the window (--predict).</summary>
    public int PredictionSteps { get; init; } = 80;

    /// <summary>
    /// Kept posterior draws per chain of the Hamiltonian Monte Carlo sampler run after the annealing at its last level
    /// (<c>--sample N</c>); 0 (the default) runs no sampler and leaves every output as it was.
    /// </summary>
    public int SampleDraws { get; init; }

    /// <summary>Chains of the sampler (<c>--sample-chains K</c>, default 4), started from the annealed paths in order of their action.</summary>
    public int SampleChains { get; init; } = 4;

    /// <summary>
    /// The sampler's settings apart from draws, chains, seed and threads, which come from <see cref="SampleDraws"/>,
    /// <see cref="SampleChains"/>, <see cref="Seed"/> and <see cref="Threads"/> (null: the library's defaults).
    /// </summary>
    public HamiltonianSamplerOptions? Sampler { get; init; }

    /// <summary>No progress display and no table (tests, batteries).</summary>
    public bool Quiet { get; init; }

    /// <summary>The minimizer run at every β with its settings (--minimizer auto|lbfgsb|newton|ipopt; auto: chosen from the problem).</summary>
    public MinimizerOptions Minimizer { get; init; } = HostMinimizer(MinimizerKind.Automatic);

    /// <summary>
    /// The host's settings of a minimizer: the library's, with the tolerances of the field's Python tools
    /// (gtol = ftol = 1e-8 for L-BFGS-B and Newton, tol = 1e-8 for IPOPT) — tighter than the library's
    /// SciPy defaults, for estimates reported to many digits.
    /// </summary>
    public static MinimizerOptions HostMinimizer(MinimizerKind kind) => kind.DefaultOptions() switch
    {
        LbfgsBOptions lbfgsB => Tight(lbfgsB),
        TrustRegionNewtonOptions newton => Tight(newton),
        IpoptOptions ipopt => ipopt with { Tolerance = 1e-8 },
        AutomaticMinimizerOptions automatic => automatic with { LbfgsB = Tight(automatic.LbfgsB), Newton = Tight(automatic.Newton) },
        var other => other,
    };

    private static LbfgsBOptions Tight(LbfgsBOptions o) => o with { ProjectedGradientTolerance = 1e-8, RelativeReductionTolerance = 1e-8 };

    private static TrustRegionNewtonOptions Tight(TrustRegionNewtonOptions o) => o with { ProjectedGradientTolerance = 1e-8, RelativeReductionTolerance = 1e-8 };

    /// <summary>
    /// The stimulus on the model grid over the window and the prediction horizon, row-major
    /// (Steps + PredictionSteps + 1) × U; required exactly when the model has stimulus inputs.
    /// </summary>
    public double[]? Stimulus { get; init; }

    /// <summary>Writes sample-specific fields into summary.json (called once the run's numbers are known).</summary>
    public Action<System.Text.Json.Utf8JsonWriter, TwinSummary>? ExtraSummary { get; init; }

    /// <summary>
    /// Writes further output files once the standard ones are written and before summary.json
    /// (which is last, so a folder with summary.json holds a finished run's every file).
    /// </summary>
    public Action<TwinSummary>? ExtraOutputs { get; init; }

    /// <summary>Report Cramér–Rao standard deviations of the parameters (at the estimate, and for twin data also at the truth).</summary>
    public bool ParameterUncertainty { get; init; }

    /// <summary>Optional initial guess of the parameters (else uniform within their bounds).</summary>
    public double[]? InitialParameters { get; init; }

    /// <summary>
    /// Starts the user gives (<c>--initial-path</c>), in start order: the states on the window's grid ((steps + 1) × D,
    /// row-major) and the full parameter vector; the remaining starts are built. Packed into
    /// <see cref="AnnealingOptions.InitialPaths"/> (values outside the bounds are moved onto them).
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<(double[] States, double[] Parameters)>? InitialPaths { get; init; }
}
