using System;
using System.Threading;

namespace DeepestLearning;

/// <summary>
/// Thrown when an annealing run is cancelled: an <see cref="OperationCanceledException"/> (so code
/// that handles cancellation in general keeps working) that also hands back the levels completed
/// before the cancel, in a form <see cref="AnnealingOptions.ResumeFrom"/> continues from.
/// </summary>
public sealed class AnnealingCanceledException : OperationCanceledException
{
    /// <summary>A cancellation that carries the run's <paramref name="checkpoint"/>.</summary>
    public AnnealingCanceledException(AnnealingCheckpoint checkpoint, CancellationToken token)
        : base($"the annealing was cancelled after {checkpoint?.NextBeta} completed levels; the exception's Checkpoint resumes it.", token)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        Checkpoint = checkpoint;
    }

    /// <summary>The completed levels and every start's path at the last of them.</summary>
    public AnnealingCheckpoint Checkpoint { get; }
}
