using System;

namespace DeepestLearning.Samples;

/// <summary>Everything a twin experiment (or a run on the user's data) needs.</summary>
public sealed record TwinSettings
{
    public required string ModelName { get; init; }
    public required string[] ParameterNames { get; init; }
    public required double[] TrueParameters { get; init; }
    public required double[] ParameterLower { get; init; }
    public required double[] ParameterUpper { get; init; }
    public required double[] StateLower { get; init; }
    public required double[] StateUpper { get; init; }
    public required int[] Observed { get; init; }
    public required Func<Random, double[]> InitialState { get; init; }
    public double Dt { get; init; } = 0.025;
    public int Steps { get; init; } = 160;
    public int DataEvery { get; init; } = 1;
    public double Noise { get; init; } = 0.5;
    public Discretization Discretization { get; init; } = Discretization.Trapezoid;
    /// <summary>R_f0 per state component, or null for the library's automatic choice (<see cref="AutomaticPrecision"/>).</summary>
    public double[]? Rf0 { get; init; }

    /// <summary>Stop on a settled plateau consistent with χ² (else always run to β_max).</summary>
    public bool StopAtPlateau { get; init; } = true;

    /// <summary>How the annealing's initial paths are built.</summary>
    public StartKind Starts { get; init; } = StartKind.Automatic;
    public double Alpha { get; init; } = 1.5;
    /// <summary>The last β, or null to derive it from the required model precision.</summary>
    public int? BetaMax { get; init; } = 100;
    public int Paths { get; init; } = 4;
    public int Seed { get; init; } = 1;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public string OutDir { get; init; } = "out";
    public string? DataFile { get; init; }
    public int SpinUpSteps { get; init; } = 2000;
    public int PredictionSteps { get; init; } = 80;
    public bool Quiet { get; init; }

    /// <summary>The minimizer run at every β (--optimizer lbfgsb|newton|ipopt).</summary>
    public MinimizerKind Optimizer { get; init; } = MinimizerKind.LbfgsB;

    /// <summary>L-BFGS-B settings; the defaults match the field's Python tools (gtol = ftol = 1e-8).</summary>
    public LbfgsBOptions LbfgsB { get; init; } = new() { ProjectedGradientTolerance = 1e-8, RelativeReductionTolerance = 1e-8 };

    /// <summary>Trust-region Newton settings (same stopping rules as L-BFGS-B).</summary>
    public NewtonOptions Newton { get; init; } = new() { ProjectedGradientTolerance = 1e-8, RelativeReductionTolerance = 1e-8 };

    /// <summary>IPOPT settings.</summary>
    public IpoptOptions Ipopt { get; init; } = new() { Tolerance = 1e-8 };

    /// <summary>
    /// The stimulus on the model grid over the window and the prediction horizon, row-major
    /// (Steps + PredictionSteps + 1) × U; required exactly when the model has stimulus inputs.
    /// </summary>
    public double[]? Stimulus { get; init; }

    /// <summary>Writes sample-specific fields into summary.json (called once the run's numbers are known).</summary>
    public Action<System.Text.Json.Utf8JsonWriter, TwinSummary>? ExtraSummary { get; init; }

    /// <summary>Report Cramér–Rao standard deviations of the parameters (at the estimate, and for twin data also at the truth).</summary>
    public bool ParameterUncertainty { get; init; }

    /// <summary>Optional initial guess of the parameters (else uniform within their bounds).</summary>
    public double[]? InitialParameters { get; init; }
}
