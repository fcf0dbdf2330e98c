using System;

namespace DeepestLearning.Cli;

/// <summary>
/// A network program's defaults for <see cref="NetworkApp"/>: its name, the data (twin pairs drawn
/// from a teacher of the same architecture, or a file), the noise, the annealing and the outputs.
/// The command line overrides each field.
/// </summary>
public sealed record NetworkSettings
{
    /// <summary>The network's name in titles and summary.json.</summary>
    public required string Name { get; init; }

    /// <summary>The output folder (--out).</summary>
    public string OutDir { get; init; } = "out";

    /// <summary>Training pairs instead of twin data (--data): each row the inputs, then the targets.</summary>
    public string? DataFile { get; init; }

    /// <summary>Held-out pairs for the prediction error (--held-out), same layout; twin data draw their own.</summary>
    public string? HeldOutFile { get; init; }

    /// <summary>Number of twin training pairs (--pairs).</summary>
    public int Pairs { get; init; } = 20;

    /// <summary>Number of twin held-out pairs.</summary>
    public int HeldOutPairs { get; init; } = 200;

    /// <summary>The twin teacher's weights are drawn from U(−X, X) (--teacher-scale).</summary>
    public double TeacherScale { get; init; } = 0.5;

    /// <summary>Noise σ on inputs and outputs; both precisions are 1/σ² (--noise).</summary>
    public double Noise { get; init; } = 0.01;

    /// <summary>R_f0 (--rf0).</summary>
    public double Rf0 { get; init; } = 1.0;

    /// <summary>Ratio α of successive R_f (--alpha).</summary>
    public double Alpha { get; init; } = 2.0;

    /// <summary>The last β (--beta-max).</summary>
    public int BetaMax { get; init; } = 30;

    /// <summary>Stop on a settled plateau (else always run to β_max) (--stop).</summary>
    public bool StopAtPlateau { get; init; } = true;

    /// <summary>Number of weight starts (--paths).</summary>
    public int Paths { get; init; } = 4;

    /// <summary>Seed of the twin data and the starts (--seed).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Threads across starts; results do not depend on it (--threads).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Continue the interrupted run in <see cref="OutDir"/> from its checkpoint (--resume DIR).</summary>
    public bool Resume { get; init; }

    /// <summary>The minimizer at every β with its settings (--minimizer; the library's defaults).</summary>
    public MinimizerOptions Minimizer { get; init; } = new LbfgsBOptions();

    /// <summary>Initial weights are drawn from U(−X, X) (--weight-range).</summary>
    public double InitialWeightRange { get; init; } = 0.1;

    /// <summary>Weights are bounded to [−X, X] (--weight-bound; infinity: unbounded).</summary>
    public double WeightBound { get; init; } = double.PositiveInfinity;

    /// <summary>No progress display and no table (tests).</summary>
    public bool Quiet { get; init; }
}
