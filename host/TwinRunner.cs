using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Spectre.Console;

namespace DeepestLearning.Cli;

/// <summary>
/// Runs a twin experiment (or the user's data) end to end for any generated model: data,
/// precision annealing with a live progress bar, metrics, prediction, and the output files.
/// </summary>
public static class TwinRunner
{
    /// <summary>
    /// Generates (or reads) the data, anneals, and writes levels.csv, path.csv, the plots, any
    /// <see cref="TwinSettings.ExtraOutputs"/> and — last — summary.json into <see cref="TwinSettings.OutDir"/>.
    /// With <see cref="TwinSettings.MergeShards"/> the annealing is not run but merged from the shards' results
    /// (<see cref="PrecisionAnnealing.Merge{TModel}"/>), and the outputs are those one process would have written.
    /// </summary>
    /// <param name="s">The run's settings.</param>
    /// <param name="cancellation">Stops the annealing at its next check (<see cref="OperationCanceledException"/>); nothing is written then.</param>
    /// <param name="observer">Also receives the annealing's progress reports (e.g. to keep the completed levels).</param>
    public static TwinSummary Run<TModel>(TwinSettings s, System.Threading.CancellationToken cancellation = default, IProgress<AnnealingProgress>? observer = null) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount;
        (AssimilationProblem<TModel> problem, AnnealingOptions options, double[] stimulus, double[] x0, double[] truth, Observations observations) = Prepare<TModel>(s);
        bool twin = s.DataFile is null;

        Directory.CreateDirectory(s.OutDir);
        string checkpointFile = Path.Combine(s.OutDir, RunOutcome.Checkpoint);
        AnnealingResult<TModel> result = s.MergeShards is { } shards
            ? Merge(problem, options, shards)
            : Anneal(s, problem, options, checkpointFile, observer, cancellation);

        // Metrics.
        AnnealingLevel last = result.Levels[^1];
        int best = result.BestPath;
        double[] parameters = result.BestParameters();
        int measurements = problem.MeasurementCount; // missing values are no measurements: χ² counts the measured ones
        double expected = measurements / 2.0, expectedStd = Math.Sqrt(measurements / 2.0);
        double? rmseObserved = null, rmseUnobserved = null, predictionRmse = null;
        double[]? prediction = null;
        double[] estimateEnd = result.State(s.Steps).ToArray();
        int u = TModel.StimulusCount;
        prediction = TwinExperiment.Integrate<TModel>(estimateEnd, parameters, s.Dt, s.PredictionSteps, u == 0 ? default : stimulus.AsSpan(s.Steps * u));
        if (twin)
        {
            rmseObserved = Rmse(result.Best, truth, d, s.Steps, s.Observed);
            int[] unobserved = Enumerable.Range(0, d).Except(s.Observed).ToArray();
            rmseUnobserved = unobserved.Length > 0 ? Rmse(result.Best, truth, d, s.Steps, unobserved) : null;
            double sum = 0;
            for (int n = 1; n <= s.PredictionSteps; n++)
                for (int a = 0; a < d; a++)
                {
                    double e = prediction[n * d + a] - truth[(s.Steps + n) * d + a];
                    sum += e * e;
                }
            predictionRmse = s.PredictionSteps > 0 ? Math.Sqrt(sum / (s.PredictionSteps * d)) : null;
        }
        PathMarginals? marginals = PathBands(result);
        LevelWeights? weights = Weights(result);
        int[] unobservedComponents = Enumerable.Range(0, d).Except(s.Observed).ToArray();
        (double, double?)? coverage = twin && marginals is not null && marginals.Formulation != MarginalFormulation.None
            ? (Coverage(result.Best, truth, marginals, s.Observed), unobservedComponents.Length > 0 ? Coverage(result.Best, truth, marginals, unobservedComponents) : null)
            : null;
        double[] lowest = result.Levels.Select(l => l.Actions.Min()).ToArray();
        (SamplingResult? samples, string? samplerFailure) = Sample(s, result, cancellation);
        var summary = new TwinSummary(parameters, last.Actions[best], last.MeasurementTerms[best], expected, expectedStd, lowest,
            rmseObserved, rmseUnobserved, predictionRmse, result.Elapsed.TotalSeconds)
        {
            Minimizer = result.Minimizer.Name(),
            MinimizerTotals = (result.Levels.Sum(l => (long)l.Iterations.Sum()), result.Levels.Sum(l => (long)l.Evaluations.Sum()), result.Levels.Sum(l => (long)l.HessianEvaluations.Sum())),
            Estimate = result.Best[..((s.Steps + 1) * d)],
            Prediction = prediction,
            Truth = twin ? truth : null,
            Observations = observations,
            ParameterStd = s.ParameterUncertainty ? CramerRaoStd(problem, result.State(0).ToArray(), parameters, "the estimate") : null,
            DesignStd = s.ParameterUncertainty && twin ? CramerRaoStd(problem, x0, s.TrueParameters, "the truth") : null,
            Verdict = result.Verdict,
            Rf0 = result.Rf0,
            StartsAtLowest = result.Verdict?.StartsAtLowest ?? 0,
            Marginals = marginals,
            TruthWithinTwoSigma = coverage,
            LevelWeights = weights,
            Samples = samples,
            SamplerFailure = samplerFailure,
            SamplerBeta = SamplerOptions(s).Beta ?? last.Beta,
        };

        // summary.json last: its presence means every other file of this run is complete.
        Directory.CreateDirectory(s.OutDir);
        OutputFiles.WriteLevels(Path.Combine(s.OutDir, "levels.csv"), s, result);
        OutputFiles.WritePath(Path.Combine(s.OutDir, "path.csv"), s, result, twin ? truth : null, observations, prediction, marginals, samples);
        Plots.ActionLevels(Path.Combine(s.OutDir, "action-levels.png"), s, result, expected);
        Plots.Path(Path.Combine(s.OutDir, "path.png"), s, result, twin ? truth : null, observations, prediction, marginals);
        if (samples is not null) SamplerPlot(Path.Combine(s.OutDir, "sampler.png"), s, result, summary, twin ? truth : null);
        s.ExtraOutputs?.Invoke(summary);
        OutputFiles.WriteSummary(Path.Combine(s.OutDir, "summary.json"), s, result, summary, twin);
        File.Delete(checkpointFile); // finished: nothing to resume
        if (!s.Quiet) PrintSummary(s, result, summary, twin);
        if (samples is not null && !SamplerCheck.Converged(samples))
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] the sampler's chains have not converged ({SamplerCheck.Describe(samples)}; converged means {SamplerCheck.Rule}): its bands and histograms are not the posterior's.");
        return summary;
    }

    /// <summary>
    /// <c>--sample N</c>: Hamiltonian Monte Carlo at the last level, the chains starting from the annealed paths. A failure
    /// of the sampler (a start where the action is not finite, a mass matrix that cannot be built) is reported and leaves
    /// the run's other outputs intact; a cancellation stops the run like one during the annealing.
    /// </summary>
    private static (SamplingResult? Samples, string? Failure) Sample<TModel>(TwinSettings s, AnnealingResult<TModel> result, System.Threading.CancellationToken cancellation)
        where TModel : IDynamicalModel<TModel>
    {
        if (s.SampleDraws <= 0) return (null, null);
        HamiltonianSamplerOptions options = SamplerOptions(s);
        if (!s.Quiet)
            AnsiConsole.MarkupLineInterpolated($"sampling: {options.Chains} chains × ({options.Warmup} warm-up + {options.Draws}) iterations at β = {options.Beta ?? result.Levels[^1].Beta} …");
        try
        {
            return (HamiltonianSampler.Sample(result, options, cancellation), null);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            string message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] the sampler failed ({message}); the run's other outputs are written without it.");
            return (null, message);
        }
    }

    /// <summary>The sampler's options of a run: <see cref="TwinSettings.Sampler"/> (or the defaults) with the run's draws, chains, seed and threads.</summary>
    public static HamiltonianSamplerOptions SamplerOptions(TwinSettings s)
    {
        HamiltonianSamplerOptions o = s.Sampler ?? new HamiltonianSamplerOptions();
        return new HamiltonianSamplerOptions
        {
            Chains = s.SampleChains, Draws = s.SampleDraws, Seed = s.Seed, Threads = s.Threads,
            Warmup = o.Warmup, Mass = o.Mass, TargetAcceptance = o.TargetAcceptance, MaxLeapfrogSteps = o.MaxLeapfrogSteps, Beta = o.Beta,
            DisperseStarts = o.DisperseStarts, MaxStoredValues = o.MaxStoredValues,
        };
    }

    /// <summary>sampler.png; a plot that cannot be drawn is reported, never the reason the run's other outputs are lost.</summary>
    private static void SamplerPlot<TModel>(string file, TwinSettings s, AnnealingResult<TModel> result, TwinSummary summary, double[]? truth)
        where TModel : IDynamicalModel<TModel>
    {
        try
        {
            Plots.Sampler(file, s, result, summary, truth);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] no sampler.png: {e.Message}");
        }
    }

    /// <summary>
    /// Anneals the starts of <see cref="TwinSettings.Shard"/> only, to β_max, and saves what the merge needs
    /// as shard.bin in <see cref="TwinSettings.OutDir"/>. A run with <see cref="TwinSettings.MergeShards"/> set to
    /// every shard's result then writes the outputs one process would have written.
    /// </summary>
    /// <param name="s">The run's settings, the same in every shard (threads may differ); <see cref="TwinSettings.Shard"/> must be set.</param>
    /// <param name="cancellation">Stops the shard at its next check (<see cref="OperationCanceledException"/>); nothing is written then.</param>
    /// <param name="observer">Also receives the annealing's progress reports, starts numbered as in the whole run.</param>
    public static AnnealingShardResult RunShard<TModel>(TwinSettings s, System.Threading.CancellationToken cancellation = default, IProgress<AnnealingProgress>? observer = null)
        where TModel : IDynamicalModel<TModel>
    {
        AnnealingShard shard = s.Shard ?? throw new ArgumentException("the settings name no shard.", nameof(s));
        (AssimilationProblem<TModel> problem, AnnealingOptions options, _, _, _, _) = Prepare<TModel>(s);
        Directory.CreateDirectory(s.OutDir);
        string shardFile = Path.Combine(s.OutDir, RunOutcome.ShardFile);
        File.Delete(shardFile); // an earlier shard's result must not pass for this one's if this one fails
        AnnealingShardResult result = s.Quiet
            ? PrecisionAnnealing.RunShard(problem, options, shard, observer, cancellation)
            : WithProgress(options, observer, progress => PrecisionAnnealing.RunShard(problem, options, shard, progress, cancellation));
        result.Save(shardFile);
        return result;
    }

    /// <summary>
    /// Everything before the annealing, identical in one process and in every shard: the truth (twin data) or
    /// the data file, the problem, and the annealing options. The noise and the starts come from the seed alone.
    /// </summary>
    private static (AssimilationProblem<TModel> Problem, AnnealingOptions Options, double[] Stimulus, double[] X0, double[] Truth, Observations Observations)
        Prepare<TModel>(TwinSettings s) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount;
        var random = new Random(s.Seed);
        double[] stimulus = CheckedStimulus<TModel>(s);
        double[] x0 = TrueInitialState<TModel>(s, random);
        double[] truth = TwinExperiment.Integrate<TModel>(x0, s.TrueParameters, s.Dt, s.Steps + s.PredictionSteps, stimulus);
        Observations observations = s.DataFile is null
            ? TwinExperiment.Observe(truth, d, s.Steps, s.Observed, s.DataEvery, s.Noise, random)
            : ReadData(s);
        AssimilationProblem<TModel> problem = CreateProblem<TModel>(s, observations, stimulus);
        var options = new AnnealingOptions
        {
            Rf0 = s.Rf0, Starts = s.Starts, StopAtPlateau = s.StopAtPlateau, ParameterNames = s.ParameterNames, Alpha = s.Alpha, BetaMax = s.BetaMax, Paths = s.Paths, Seed = s.Seed, Threads = s.Threads,
            Minimizer = s.Minimizer, InitialParameters = s.InitialParameters,
            InitialPaths = s.InitialPaths?.Select(path => problem.Pack(path.States, path.Parameters)).ToArray(),
        };
        return (problem, options, stimulus, x0, truth, observations);
    }

    /// <summary>The annealing in this process, saving a checkpoint after every level and resuming from one when asked.</summary>
    private static AnnealingResult<TModel> Anneal<TModel>(TwinSettings s, AssimilationProblem<TModel> problem, AnnealingOptions options, string checkpointFile,
        IProgress<AnnealingProgress>? observer, System.Threading.CancellationToken cancellation) where TModel : IDynamicalModel<TModel>
    {
        options = options with
        {
            Checkpoint = checkpoint => checkpoint.Save(checkpointFile),
            ResumeFrom = s.Resume ? RunOutcome.LoadCheckpoint(checkpointFile) : null,
        };
        try
        {
            return s.Quiet
                ? PrecisionAnnealing.Run(problem, options, observer, cancellation)
                : WithProgress(options, observer, progress => PrecisionAnnealing.Run(problem, options, progress, cancellation));
        }
        catch (ArgumentException e) when (s.Resume && e.ParamName == "options" && e.Message.StartsWith("ResumeFrom", StringComparison.Ordinal))
        {
            throw new CommandLineException("resume", $"--resume: {s.OutDir} holds the checkpoint of a run with other data or options; repeat that run's options.");
        }
    }

    /// <summary>The result one process would have had, from the shards' results; shards that do not make up this run are a command-line error.</summary>
    private static AnnealingResult<TModel> Merge<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, IReadOnlyList<AnnealingShardResult> shards)
        where TModel : IDynamicalModel<TModel>
    {
        try
        {
            return PrecisionAnnealing.Merge(problem, options, shards);
        }
        catch (ArgumentException e) when (e.ParamName == "shards")
        {
            throw new CommandLineException(MergeArgument.Option, "--merge: " + e.Message.Replace(" (Parameter 'shards')", "", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The experiment's resolution before any data are drawn: Cramér–Rao standard deviations of the
    /// parameters at the truth for these settings (stimulus, observed components, sampling, noise).
    /// Cheap (one sensitivity integration), so stimuli can be compared by it.
    /// </summary>
    /// <param name="s">The experiment's settings (the stimulus, observed components, sampling and noise matter).</param>
    public static FisherInformation Design<TModel>(TwinSettings s) where TModel : IDynamicalModel<TModel>
    {
        double[] stimulus = CheckedStimulus<TModel>(s);
        double[] x0 = TrueInitialState<TModel>(s, new Random(s.Seed));
        int rows = s.Steps / s.DataEvery + 1;
        var shape = new Observations(s.Observed, Enumerable.Range(0, rows).Select(r => r * s.DataEvery).ToArray(), new double[rows * s.Observed.Length]);
        return FisherInformation.Compute(CreateProblem<TModel>(s, shape, stimulus), x0, s.TrueParameters);
    }

    /// <summary>The true trajectory over the window and the prediction horizon, as <see cref="Run"/> generates it.</summary>
    /// <param name="s">The experiment's settings.</param>
    public static double[] TruePath<TModel>(TwinSettings s) where TModel : IDynamicalModel<TModel>
    {
        double[] stimulus = CheckedStimulus<TModel>(s);
        return TwinExperiment.Integrate<TModel>(TrueInitialState<TModel>(s, new Random(s.Seed)), s.TrueParameters, s.Dt, s.Steps + s.PredictionSteps, stimulus);
    }

    /// <summary>Truth's initial state: <see cref="TwinSettings.InitialState"/> spun up onto the attractor (without stimulus).</summary>
    private static double[] TrueInitialState<TModel>(TwinSettings s, Random random) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, u = TModel.StimulusCount;
        return u == 0
            ? TwinExperiment.SpinUp<TModel>(s.InitialState(random), s.TrueParameters, s.Dt, s.SpinUpSteps)
            : TwinExperiment.Integrate<TModel>(s.InitialState(random), s.TrueParameters, s.Dt, s.SpinUpSteps, new double[(s.SpinUpSteps + 1) * u])[(s.SpinUpSteps * d)..];
    }

    private static double[] CheckedStimulus<TModel>(TwinSettings s) where TModel : IDynamicalModel<TModel>
    {
        int u = TModel.StimulusCount;
        double[] stimulus = s.Stimulus ?? Array.Empty<double>();
        if (u > 0 && stimulus.Length != (s.Steps + s.PredictionSteps + 1) * u)
            throw new ArgumentException($"the stimulus must hold (steps + predict + 1) × {u} = {(s.Steps + s.PredictionSteps + 1) * u} values on the model grid, not {stimulus.Length}.", "stimulus");
        if (u == 0 && stimulus.Length > 0) throw new ArgumentException($"{s.ModelName} has no stimulus inputs.", "stimulus");
        return stimulus;
    }

    private static AssimilationProblem<TModel> CreateProblem<TModel>(TwinSettings s, Observations observations, double[] stimulus) where TModel : IDynamicalModel<TModel>
    {
        int u = TModel.StimulusCount;
        double rm = 1.0 / (s.Noise * s.Noise);
        return new AssimilationProblem<TModel>(s.Steps, s.Dt, s.Discretization, observations,
            Enumerable.Repeat(rm, s.Observed.Length).ToArray(), s.StateLower, s.StateUpper, s.ParameterLower, s.ParameterUpper,
            stimulus: u == 0 ? null : stimulus[..((s.Steps + 1) * u)]);
    }

    /// <summary>
    /// Cramér–Rao standard deviations from the Fisher information of the experiment at (x₀, θ). A
    /// failure (an unidentifiable combination, a trajectory that diverges) is reported and gives NaN
    /// rather than losing the run's outputs.
    /// </summary>
    private static double[] CramerRaoStd<TModel>(AssimilationProblem<TModel> problem, double[] x0, double[] parameters, string where) where TModel : IDynamicalModel<TModel>
    {
        try
        {
            FisherInformation fisher = FisherInformation.Compute(problem, x0, parameters);
            if (!fisher.Identifiable)
                AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] at {where} the Fisher information is singular ({fisher.Describe(fisher.DependentUnknown)} depends on the unknowns before it): no parameter spread reported.");
            return fisher.ParameterStd();
        }
        catch (ArgumentException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] no parameter spread at {where}: {e.Message}");
            return Enumerable.Repeat(double.NaN, TModel.ParameterCount).ToArray();
        }
    }

    /// <summary>
    /// The Laplace bands at the best path (<see cref="PathMarginals"/>). A failure to compute them (a path the
    /// model cannot linearize, a cancelled host aside) is reported and leaves the run's other outputs intact.
    /// </summary>
    private static PathMarginals? PathBands<TModel>(AnnealingResult<TModel> result) where TModel : IDynamicalModel<TModel>
    {
        try
        {
            return PathMarginals.Compute(result);
        }
        catch (ArgumentException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] no error bands on the path: {e.Message}");
            return null;
        }
    }

    /// <summary>The levels' weights in one line: up to three levels with their actions, the gap and the evidence.</summary>
    private static string DescribeWeights(LevelWeights weights)
    {
        string levels = string.Join(", ", weights.Levels.Take(3).Select(l => $"{l.Weight.ToString("G3", CultureInfo.InvariantCulture)} (A {l.Action.ToString("G6", CultureInfo.InvariantCulture)}, {l.Starts.Length} start{(l.Starts.Length == 1 ? "" : "s")})"))
            + (weights.Levels.Count > 3 ? $", … {weights.Levels.Count - 3} more" : "");
        string gap = weights.Gap is double g ? $"; gap {g.ToString("G4", CultureInfo.InvariantCulture)}" : "";
        string evidence = double.IsFinite(weights.LogEvidence) ? $"; log evidence {weights.LogEvidence.ToString("F2", CultureInfo.InvariantCulture)}" : "";
        return $"{levels}{gap}{evidence} ({weights.FormulationName})";
    }

    /// <summary>The sampler's run and its posterior mean ± sd of up to four estimated parameters, in one line.</summary>
    private static string DescribeSamples(TwinSettings s, SamplingResult samples)
    {
        double[] mean = samples.ParameterMean(), std = samples.ParameterStd();
        string parameters = string.Join(", ", samples.EstimatedParameters.Take(4).Select(p =>
            $"{s.ParameterNames[p]} {mean[p].ToString("G6", CultureInfo.InvariantCulture)} ± {std[p].ToString("G2", CultureInfo.InvariantCulture)}"))
            + (samples.EstimatedParameters.Length > 4 ? $", … {samples.EstimatedParameters.Length - 4} more" : "");
        return $"{SamplerCheck.Describe(samples)}{(SamplerCheck.Converged(samples) ? "" : " (not converged)")}{(parameters.Length > 0 ? "; " + parameters : "")}";
    }

    /// <summary>The Laplace weights of the final levels (<see cref="LevelWeights"/>); a failure is reported and leaves the other outputs intact.</summary>
    private static LevelWeights? Weights<TModel>(AnnealingResult<TModel> result) where TModel : IDynamicalModel<TModel>
    {
        try
        {
            return LevelWeights.Compute(result);
        }
        catch (ArgumentException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] no level weights: {e.Message}");
            return null;
        }
    }

    /// <summary>The share of (grid point, component) pairs where the truth lies within ±2σ of the estimate.</summary>
    private static double Coverage(double[] estimate, double[] truth, PathMarginals marginals, int[] components)
    {
        int d = marginals.StateCount, inside = 0, total = 0;
        for (int n = 0; n <= marginals.Steps; n++)
            foreach (int a in components)
            {
                total++;
                if (Math.Abs(estimate[n * d + a] - truth[n * d + a]) <= 2 * marginals.StateStd(n, a)) inside++;
            }
        return (double)inside / total;
    }

    private static Observations ReadData(TwinSettings s)
    {
        List<double[]> rows = DataFile.Read(s.DataFile!, s.Observed.Length, s.Dt * s.DataEvery, missingAsNaN: true);
        int maxRows = s.Steps / s.DataEvery + 1;
        if (rows.Count > maxRows)
            throw new ArgumentException($"{s.DataFile} has {rows.Count} rows but --steps {s.Steps} with --data-every {s.DataEvery} holds {maxRows}.");
        var times = Enumerable.Range(0, rows.Count).Select(r => r * s.DataEvery).ToArray();
        return Observations.WithMissingAsNaN(s.Observed, times, rows.SelectMany(r => r).ToArray()); // NaN in the file: not measured
    }

    /// <summary>Runs <paramref name="anneal"/> under a progress bar that also forwards every report to <paramref name="observer"/>.</summary>
    private static T WithProgress<T>(AnnealingOptions options, IProgress<AnnealingProgress>? observer, Func<IProgress<AnnealingProgress>, T> anneal)
    {
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("annealing", maxValue: options.Paths * ((options.BetaMax ?? 30) + 1));
                var progress = new SynchronousProgress<AnnealingProgress>(p =>
                {
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.CompletedSteps;
                    task.Description = $"β={p.Beta,3} Rf={p.Rf:E1} best A={p.BestActionAtBeta:G5}";
                    observer?.Report(p);
                });
                result = anneal(progress);
            });
        return result;
    }

    private static double Rmse(double[] estimate, double[] truth, int d, int steps, int[] components)
    {
        double sum = 0;
        for (int n = 0; n <= steps; n++)
            foreach (int a in components)
            {
                double e = estimate[n * d + a] - truth[n * d + a];
                sum += e * e;
            }
        return Math.Sqrt(sum / ((steps + 1) * components.Length));
    }

    private static void PrintSummary<TModel>(TwinSettings s, AnnealingResult<TModel> result, TwinSummary summary, bool twin) where TModel : IDynamicalModel<TModel>
    {
        var table = new Table().Title($"{s.ModelName}: D = {TModel.StateCount}, {s.Observed.Length} observed, N = {s.Steps}, {ValueNames.Of(s.Discretization)}");
        table.AddColumn("quantity").AddColumn("value");
        for (int k = 0; k < summary.BestParameters.Length; k++)
        {
            double error = summary.BestParameters[k] - s.TrueParameters[k];
            string inSigma = summary.ParameterStd is { } sd && double.IsFinite(sd[k]) ? $", {Math.Abs(error) / sd[k]:F1}σ" : "";
            string bound = summary.DesignStd is { } design && double.IsFinite(design[k]) ? $"; bound at truth ±{100 * design[k] / Math.Abs(s.TrueParameters[k]):F1} %" : "";
            double percent = 100 * error / s.TrueParameters[k];
            string signed = (percent < 0 ? "-" : "+") + Math.Abs(percent).ToString("F3", CultureInfo.InvariantCulture);
            string truthText = twin ? $" (truth {s.TrueParameters[k].ToString("G6", CultureInfo.InvariantCulture)}, error {signed} %{inSigma}{bound})" : "";
            string spread = summary.ParameterStd is { } std && double.IsFinite(std[k]) ? $" ± {std[k].ToString("G2", CultureInfo.InvariantCulture)}" : "";
            table.AddRow(s.ParameterNames[k], summary.BestParameters[k].ToString("G6", CultureInfo.InvariantCulture) + spread + truthText);
        }
        table.AddRow("best action (β_max)", summary.BestAction.ToString("G6", CultureInfo.InvariantCulture));
        table.AddRow("measurement term", $"{summary.BestMeasurementTerm:G6} (χ² expectation {summary.ExpectedMeasurementTerm:G6} ± {summary.ExpectedMeasurementStd:G3})");
        double[] lowest = summary.LowestActionPerBeta;
        // Over the last quarter of the schedule: a fixed window of 20 β reached back into the
        // transition of a short schedule (the neuron's 31 levels) and reported a plateau as 17 % change.
        int window = lowest.Length / 4;
        if (window >= 1)
            table.AddRow($"lowest level change, β {lowest.Length - 1 - window} → {lowest.Length - 1}", $"{100 * Math.Abs(lowest[^1] - lowest[^(1 + window)]) / lowest[^1]:F3} %");
        int distinct = result.Levels[^1].DistinctLevels();
        table.AddRow("final actions per path", string.Join("  ", result.Levels[^1].Actions.Select(a => a.ToString("G6", CultureInfo.InvariantCulture)))
            + $" ({distinct} distinct level{(distinct == 1 ? "" : "s")})");
        if (twin)
        {
            table.AddRow("RMSE observed / unobserved", $"{summary.RmseObserved:G4} / {summary.RmseUnobserved?.ToString("G4", CultureInfo.InvariantCulture) ?? "-"} (σ = {s.Noise})");
            table.AddRow($"prediction RMSE over {s.PredictionSteps} steps", $"{summary.PredictionRmse:G4}");
        }
        if (summary.Marginals is { } bands)
        {
            string cover = summary.TruthWithinTwoSigma is { } share
                ? $"; truth within ±2σ: observed {share.Observed.ToString("P1", CultureInfo.InvariantCulture)}, unobserved {share.Unobserved?.ToString("P1", CultureInfo.InvariantCulture) ?? "-"}"
                : "";
            table.AddRow("path bands (Laplace)", $"{bands.FormulationName}{cover}");
        }
        if (summary.LevelWeights is { } weights) table.AddRow("level weights (Laplace)", DescribeWeights(weights));
        if (summary.Samples is { } samples) table.AddRow($"sampler (HMC at β = {summary.SamplerBeta})", DescribeSamples(s, samples));
        else if (summary.SamplerFailure is { } failure) table.AddRow("sampler (HMC)", $"failed: {failure}");
        table.AddRow("R_f0 per component", string.Join(" ", result.Rf0.Select(r => r.ToString("G3", CultureInfo.InvariantCulture))) + (s.Rf0 is null ? " (automatic)" : ""));
        table.AddRow("schedule", $"α = {s.Alpha}, {result.Levels.Count} levels ({(result.Stop == StopReason.Plateau ? "stopped on a settled plateau" : "to β_max")}), {result.VisitedBetas.Sum(v => v.Length) - result.Levels.Count * result.FinalPaths.Length} retried steps, starts {(result.Starts == StartKind.Synchronized ? "synchronized to the data" : "uniform")}{(s.Starts == StartKind.Automatic ? " (automatic)" : "")}");
        table.AddRow("minimizer", $"{summary.Minimizer}{(s.Minimizer is AutomaticMinimizerOptions ? " (automatic)" : "")}: {summary.MinimizerTotals.Iterations} iterations, {summary.MinimizerTotals.Evaluations} f+g, {summary.MinimizerTotals.HessianEvaluations} Hessians");
        table.AddRow("wall time", $"{summary.Seconds:F2} s");
        table.AddRow("outputs", s.OutDir);
        AnsiConsole.Write(table);
        if (result.Verdict is { } verdict)
        {
            string color = verdict.Kind == VerdictKind.Consistent ? "green" : verdict.Kind == VerdictKind.InformationLimit ? "yellow" : "red";
            AnsiConsole.MarkupLineInterpolated($"[{color}]verdict: {verdict.Explanation}[/]");
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
    private sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
    {
        private readonly object _gate = new();

        public void Report(T value)
        {
            lock (_gate) handler(value);
        }
    }
}
