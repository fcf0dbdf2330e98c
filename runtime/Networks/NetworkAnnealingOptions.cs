using System;

namespace DeepestLearning;

/// <summary>
/// Precision annealing of a network (docs/design.md §1.3): R_f = R_f0·α^β for β = 0 … β_max, one R_f for every
/// neuron of every layer; N_I starts, each with its own initial weights drawn uniformly from
/// ±<see cref="InitialWeightRange"/> (the same draws <see cref="InitialWeights"/> gives the backpropagation baseline).
/// </summary>
public sealed record NetworkAnnealingOptions
{
    /// <summary>R_f0, the layer maps' precision at β = 0.</summary>
    public double Rf0 { get; init; } = 1.0;
    /// <summary>α &gt; 1, the factor by which R_f grows from one β to the next.</summary>
    public double Alpha { get; init; } = 2.0;
    /// <summary>The last β (the run may stop earlier on a settled plateau).</summary>
    public int BetaMax { get; init; } = 20;
    /// <summary>The number of starts, each with its own initial weights.</summary>
    public int Paths { get; init; } = 4;
    /// <summary>Seed of the initial weights (the same draws in every process and thread).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Threads across starts; results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Initial weights and biases are uniform in [−range, range].</summary>
    public double InitialWeightRange { get; init; } = 0.1;

    /// <summary>Box bound on every weight and bias (|w| ≤ bound); infinity for none.</summary>
    public double WeightBound { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// Pin every measured input component to its data (x_k,i(0) = u_k,i through the bounds) instead
    /// of treating it as a noisy measurement. For exact inputs (a classifier's coordinates): free
    /// inputs let the path fit the labels with tiny moves of x(0) and weights that amplify them — a
    /// low action whose forward pass from the real inputs is useless.
    /// </summary>
    public bool PinInputs { get; init; }

    /// <summary>The minimizer at every β, with its settings (Newton and IPOPT use the exact network Hessian; the automatic choice is for models only).</summary>
    public MinimizerOptions Minimizer { get; init; } = new LbfgsBOptions();

    /// <summary>Retry a failed β in smaller steps α^½, α^¼ … (as for models, <see cref="AnnealingOptions.AdaptiveSteps"/>).</summary>
    public bool AdaptiveSteps { get; init; } = true;

    /// <summary>How many times one step may be halved before a failed minimization is accepted as it is.</summary>
    public int MaxHalvings { get; init; } = 3;

    /// <summary>Stop before β_max once the lowest level is flat and consistent with χ² (as for models, <see cref="AnnealingOptions.StopAtPlateau"/>).</summary>
    public bool StopAtPlateau { get; init; } = true;

    /// <summary>Consecutive levels that must each project a remaining change below <see cref="PlateauAction"/>.</summary>
    public int PlateauLevels { get; init; } = 3;
    /// <summary>Action change below which the level counts as flat (½: a one-σ move of any estimate).</summary>
    public double PlateauAction { get; init; } = 0.5;

    /// <summary>
    /// Continue a run from this checkpoint (saved by <see cref="Checkpoint"/> or carried by an
    /// <see cref="AnnealingCanceledException"/>) instead of starting at β = 0; the result is bit for bit that of the
    /// run never interrupted. The pairs, precisions and these options must be the ones it was written with (threads may differ).
    /// </summary>
    public AnnealingCheckpoint? ResumeFrom { get; init; }

    /// <summary>Called after every completed β with what a later run needs to resume (e.g. <see cref="AnnealingCheckpoint.Save"/> it).</summary>
    public Action<AnnealingCheckpoint>? Checkpoint { get; init; }

    /// <summary>Start <paramref name="path"/>'s initial weights: a fixed mix of (seed, path), so the same in every process and thread.</summary>
    public double[] InitialWeights(int weightCount, int path)
    {
        var random = new Random(SeedMix.Start(Seed, path)); // the same (seed, path) mix as the model annealing's starts
        var w = new double[weightCount];
        for (int i = 0; i < weightCount; i++) w[i] = InitialWeightRange * (2.0 * random.NextDouble() - 1.0);
        return w;
    }
}
