using System;
using System.CommandLine;
using System.IO;
using System.Threading;

namespace DeepestLearning.Cli;

/// <summary>
/// A complete program for any <c>[DynamicalModel]</c>:
/// <c>return AssimilationApp.Run&lt;MyModel&gt;(args, defaults);</c> gives twin experiments or the
/// user's data files, every annealing and minimizer option, summary.json/levels.csv/path.csv and the
/// plots, the Cramér–Rao table, a progress display, <c>--help</c>, and Ctrl+C that stops cleanly
/// (interrupted.json then holds the completed levels). See docs/cli.md.
/// </summary>
public static class AssimilationApp
{
    /// <summary>Runs the program for <typeparamref name="TModel"/> on <paramref name="args"/>.</summary>
    /// <typeparam name="TModel">A <c>[DynamicalModel]</c> class.</typeparam>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="defaults">The model's description and the settings without options.</param>
    /// <param name="extension">Options and outputs of the program's own, or null.</param>
    /// <param name="console">Where to write, or null for the process's streams and signals.</param>
    /// <param name="cancellation">Stops the run in addition to Ctrl+C and SIGTERM.</param>
    /// <returns>The exit code: 0, 1 (the run failed), 2 (bad command line), 130/143 (interrupted).</returns>
    public static int Run<TModel>(string[] args, TwinSettings defaults, AssimilationExtension? extension = null,
        CommandLineConsole? console = null, CancellationToken cancellation = default) where TModel : IDynamicalModel<TModel> =>
        Run(args, ModelChoice.Single<TModel>(defaults), extension, console, cancellation);

    /// <summary>Runs the program for the model <paramref name="models"/>' option chooses.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="models">The models on offer and each one's defaults.</param>
    /// <param name="extension">Options and outputs of the program's own, or null.</param>
    /// <param name="console">Where to write, or null for the process's streams and signals.</param>
    /// <param name="cancellation">Stops the run in addition to Ctrl+C and SIGTERM.</param>
    /// <returns>The exit code: 0, 1 (the run failed), 2 (bad command line), 130/143 (interrupted).</returns>
    public static int Run(string[] args, ModelChoice models, AssimilationExtension? extension = null,
        CommandLineConsole? console = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        TwinSettings defaults = models.Default.Defaults;
        var options = new AssimilationOptions(models, extension);
        CommandLineConsole io = console ?? CommandLineConsole.Standard;
        var program = new CommandLineProgram(
            $"{defaults.ModelName}: estimates states and parameters by precision annealing, from twin data (default) or --data FILE.",
            options.All,
            (values, token) => Execute(models, options, extension, values, io, token));
        return CommandLineApp.Run(args, program, console, cancellation);
    }

    private static int Execute(ModelChoice models, AssimilationOptions options, AssimilationExtension? extension, CommandLineValues values,
        CommandLineConsole io, CancellationToken cancellation)
    {
        (IModelRunner model, TwinSettings settings) = options.Apply(models, values, io.Output);
        SettingsValidator.CheckGrid(settings, model);
        if (extension is not null) settings = extension.Configure(settings, values);
        SettingsValidator.Check(settings, model);
        if (extension?.RunInstead(settings, values) is int code) return code;

        RunOutcome.Start(settings.OutDir);
        var recorder = new LevelRecorder();
        try
        {
            if (settings.Shard is { } shard)
            {
                AnnealingShardResult part = model.RunShard(settings, cancellation, recorder);
                io.Output.WriteLine($"shard {shard}: starts {part.FirstStart + 1} to {part.FirstStart + part.StartCount} of {settings.Paths} annealed to β = {part.Levels.Count - 1}; "
                    + $"{Path.Combine(settings.OutDir, RunOutcome.ShardFile)} waits for --merge.");
                return 0;
            }
            TwinSummary summary = model.Run(settings, cancellation, recorder);
            extension?.Finished(settings, summary);
            return 0;
        }
        catch (Exception error) when (IsCancellation(error, cancellation))
        {
            RunOutcome.WriteStopped(settings.OutDir, RunOutcome.Interrupted, settings.ModelName, "interrupted (Ctrl-C, SIGTERM or a cancelled host)", recorder.Completed(StartsOf(settings)));
            throw;
        }
        catch (Exception error)
        {
            RunOutcome.WriteStopped(settings.OutDir, RunOutcome.Failed, settings.ModelName, error.Message, recorder.Completed(StartsOf(settings)));
            throw;
        }
    }

    /// <summary>How many starts this process anneals: a level is complete when all of them have finished it.</summary>
    private static int StartsOf(TwinSettings settings) => settings.Shard?.StartCount(settings.Paths) ?? settings.Paths;

    private static bool IsCancellation(Exception error, CancellationToken cancellation) =>
        cancellation.IsCancellationRequested && (error is OperationCanceledException || error is AggregateException { InnerException: OperationCanceledException });
}
