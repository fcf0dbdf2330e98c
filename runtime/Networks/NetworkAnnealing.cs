using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace DeepestLearning;

/// <summary>
/// Trains a network by precision annealing (docs/design.md §1.3): every start is minimized at R_f = R_f0·α^β
/// for β = 0 … β_max with any minimizer, each β warm-started from that start's previous minimum. A start begins at its
/// initial weights with the states of their forward pass. Starts run in parallel with bit-identical
/// results whatever the thread count.
/// </summary>
public static class NetworkAnnealing
{
    /// <summary>
    /// Trains <typeparamref name="TNet"/> on <paramref name="pairs"/> by annealing the network action with
    /// input precision <paramref name="inputPrecision"/> and output precision <paramref name="outputPrecision"/>;
    /// the same driver as model annealing, so failed levels are retried in smaller steps and the run stops on a settled plateau.
    /// </summary>
    public static NetworkAnnealingResult<TNet> Run<TNet>(TrainingPairs pairs, double inputPrecision, double outputPrecision, NetworkAnnealingOptions options,
        IProgress<AnnealingProgress>? progress = null, CancellationToken cancellation = default) where TNet : ILayeredNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Rf0 > 0) || !double.IsFinite(options.Rf0)) throw new ArgumentException($"Rf0 = {options.Rf0} must be positive and finite.", nameof(options));
        if (!(options.Alpha > 1) || !double.IsFinite(options.Alpha)) throw new ArgumentException($"Alpha = {options.Alpha} must be greater than 1.", nameof(options));
        if (options.BetaMax < 0) throw new ArgumentException($"BetaMax = {options.BetaMax} must not be negative.", nameof(options));
        if (options.Paths < 1) throw new ArgumentException($"Paths = {options.Paths} must be at least 1.", nameof(options));
        if (options.Threads < 1) throw new ArgumentException($"Threads = {options.Threads} must be at least 1.", nameof(options));
        if (!(options.WeightBound > 0)) throw new ArgumentException($"WeightBound = {options.WeightBound} must be positive.", nameof(options));
        if (options.Minimizer is null or AutomaticMinimizerOptions)
            throw new ArgumentException($"Minimizer = {options.Minimizer?.Kind.Name() ?? "null"}: networks take an explicit minimizer (LbfgsBOptions, TrustRegionNewtonOptions or IpoptOptions).", nameof(options));

        var probe = new NetworkAction<TNet>(pairs, inputPrecision, outputPrecision);
        int n = probe.Dimension, weights = n - probe.WeightOffset;
        var lower = new double[n];
        var upper = new double[n];
        Array.Fill(lower, double.NegativeInfinity, 0, probe.WeightOffset);
        Array.Fill(upper, double.PositiveInfinity, 0, probe.WeightOffset);
        Array.Fill(lower, -options.WeightBound, probe.WeightOffset, weights);
        Array.Fill(upper, options.WeightBound, probe.WeightOffset, weights);
        if (options.PinInputs)
            for (int k = 0; k < pairs.Count; k++)
                foreach (int i in pairs.MeasuredInputs)
                    lower[k * probe.StatesPerExample + i] = upper[k * probe.StatesPerExample + i] = pairs.Input(k)[i];

        var starts = new double[options.Paths][];
        for (int path = 0; path < options.Paths; path++)
        {
            starts[path] = new double[n];
            probe.PackForwardPass(options.InitialWeights(weights, path), starts[path]);
        }
        int measuredInputs = inputPrecision > 0 && !options.PinInputs ? pairs.MeasuredInputs.Length : 0;
        int measurements = pairs.Count * (pairs.MeasuredOutputs.Length + measuredInputs);
        var schedule = new AnnealingSchedule(options.Alpha, options.BetaMax, options.Threads, options.Rf0, options.AdaptiveSteps, options.MaxHalvings,
            options.StopAtPlateau, options.PlateauLevels, options.PlateauAction, measurements);
        PathParameters weightsOf = (z, w) => z.Slice(probe.WeightOffset, weights).CopyTo(w);
        ulong fingerprint = Fingerprint<TNet>(pairs, inputPrecision, outputPrecision, options);
        if (options.ResumeFrom is { } resume && resume.Fingerprint != fingerprint)
            throw new ArgumentException("ResumeFrom: the checkpoint was written by a run with other pairs, precisions or options; resume with the same ones.", nameof(options));
        AnnealingOutcome outcome = AnnealingDriver.Run(schedule, starts, lower, upper,
            _ => new NetworkAction<TNet>(pairs, inputPrecision, outputPrecision) { BasePrecision = options.Rf0 },
            action => options.Minimizer.Create(action),
            weightsOf, weights, progress, cancellation, new AnnealingRecovery(fingerprint, options.ResumeFrom, options.Checkpoint));
        return new NetworkAnnealingResult<TNet>(probe, options, outcome);
    }

    /// <summary>What a checkpoint of this run is tied to: the network, the pairs, the precisions and every option that shapes the result (not threads).</summary>
    private static ulong Fingerprint<TNet>(TrainingPairs pairs, double inputPrecision, double outputPrecision, NetworkAnnealingOptions options)
        where TNet : ILayeredNetwork<TNet>
    {
        var hash = new RunFingerprint();
        hash.Add(typeof(TNet).FullName ?? typeof(TNet).Name);
        hash.Add(pairs.Inputs);
        hash.Add(pairs.Targets);
        hash.Add(pairs.MeasuredInputs);
        hash.Add(pairs.MeasuredOutputs);
        hash.Add(inputPrecision);
        hash.Add(outputPrecision);
        hash.Add(options.Rf0);
        hash.Add(options.Alpha);
        hash.Add(options.BetaMax);
        hash.Add(options.Paths);
        hash.Add(options.Seed);
        hash.Add(options.InitialWeightRange);
        hash.Add(options.WeightBound);
        hash.Add(options.PinInputs);
        hash.Add((int)options.Minimizer.Kind);
        hash.Add(options.AdaptiveSteps);
        hash.Add(options.MaxHalvings);
        hash.Add(options.StopAtPlateau);
        hash.Add(options.PlateauLevels);
        hash.Add(options.PlateauAction);
        return hash.Value;
    }
}

/// <summary>The outcome of annealing a network: the action levels and every start's final path and weights.</summary>
public sealed class NetworkAnnealingResult<TNet> where TNet : ILayeredNetwork<TNet>
{
    internal NetworkAnnealingResult(NetworkAction<TNet> action, NetworkAnnealingOptions options, AnnealingOutcome outcome)
    {
        Action = action;
        Options = options;
        Levels = outcome.Levels;
        FinalPaths = outcome.FinalPaths;
        VisitedBetas = outcome.VisitedBetas;
        Stop = outcome.Stop;
        Elapsed = outcome.Elapsed;
        BestPath = outcome.Levels[^1].LowestActionPath();
    }

    /// <summary>Every β each start was minimized at, in order (integer levels and any smaller retry steps).</summary>
    public double[][] VisitedBetas { get; }

    /// <summary>Why the run stopped: at β_max, or on a settled plateau.</summary>
    public StopReason Stop { get; }

    /// <summary>The action (its layout: states per example, where the weights start).</summary>
    public NetworkAction<TNet> Action { get; }
    /// <summary>The options of the run.</summary>
    public NetworkAnnealingOptions Options { get; }
    /// <summary>One entry per integer β reached.</summary>
    public AnnealingLevel[] Levels { get; }

    /// <summary>Every start's packed minimizer at β_max.</summary>
    public double[][] FinalPaths { get; }

    /// <summary>The start with the lowest action at β_max.</summary>
    public int BestPath { get; }

    /// <summary>Wall time of the annealing.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Start <paramref name="path"/>'s weights at β_max.</summary>
    public double[] Weights(int path) => Levels[^1].Parameters[path];
}
