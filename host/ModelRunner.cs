using System;
using System.Threading;

namespace DeepestLearning.Cli;

/// <summary>A model type behind a value: what the host needs to know of it and how to run it, without generics at the call site.</summary>
internal interface IModelRunner
{
    int StateCount { get; }

    int ParameterCount { get; }

    int StimulusCount { get; }

    /// <summary>The outputs of the model's [Measurement] function (0 when it observes state components).</summary>
    int MeasurementCount { get; }

    TwinSummary Run(TwinSettings settings, CancellationToken cancellation, IProgress<AnnealingProgress> observer);

    /// <summary>Anneals the part <see cref="TwinSettings.Shard"/> names and saves it for the merge.</summary>
    AnnealingShardResult RunShard(TwinSettings settings, CancellationToken cancellation, IProgress<AnnealingProgress> observer);

    /// <summary>The twin experiment's true trajectory over window and horizon (to reject settings on which it diverges before any work).</summary>
    double[] TruePath(TwinSettings settings);
}

/// <summary>Runs <typeparamref name="TModel"/> through <see cref="TwinRunner"/>.</summary>
internal sealed class ModelRunner<TModel> : IModelRunner where TModel : IDynamicalModel<TModel>
{
    public int StateCount => TModel.StateCount;

    public int MeasurementCount => TModel.MeasurementCount;

    public int ParameterCount => TModel.ParameterCount;

    public int StimulusCount => TModel.StimulusCount;

    public TwinSummary Run(TwinSettings settings, CancellationToken cancellation, IProgress<AnnealingProgress> observer) =>
        TwinRunner.Run<TModel>(settings, cancellation, observer);

    public AnnealingShardResult RunShard(TwinSettings settings, CancellationToken cancellation, IProgress<AnnealingProgress> observer) =>
        TwinRunner.RunShard<TModel>(settings, cancellation, observer);

    public double[] TruePath(TwinSettings settings) => TwinRunner.TruePath<TModel>(settings);
}
