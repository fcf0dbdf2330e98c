using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using Spectre.Console;

namespace DeepestLearning.Cli;

/// <summary>
/// A complete program for any <c>[LayeredNetwork]</c>: <c>return NetworkApp.Run&lt;MyNet&gt;(args, defaults);</c>
/// trains the network by precision annealing on twin pairs (drawn from a random teacher of the same
/// architecture) or on <c>--data FILE</c>, and writes summary.json, levels.csv, weights.csv and
/// action-levels.png — with the same command line, validation, progress and Ctrl+C handling as
/// <see cref="AssimilationApp"/>.
/// </summary>
public static class NetworkApp
{
    /// <summary>Runs the program for <typeparamref name="TNet"/> on <paramref name="args"/>.</summary>
    /// <typeparam name="TNet">A <c>[LayeredNetwork]</c> class.</typeparam>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="defaults">The settings without options.</param>
    /// <param name="console">Where to write, or null for the process's streams and signals.</param>
    /// <param name="cancellation">Stops the run in addition to Ctrl+C and SIGTERM.</param>
    /// <returns>The exit code: 0, 1 (the run failed), 2 (bad command line), 130/143 (interrupted).</returns>
    public static int Run<TNet>(string[] args, NetworkSettings defaults, CommandLineConsole? console = null, CancellationToken cancellation = default)
        where TNet : ILayeredNetwork<TNet>
    {
        ArgumentNullException.ThrowIfNull(defaults);
        NetworkSettings d = defaults;
        var options = new Option[]
        {
            HostOptions.Text("out", "DIR", "output folder", d.OutDir),
            HostOptions.Text("resume", "DIR", "continue the interrupted run whose outputs are in DIR (repeat its other options); the result is identical to an uninterrupted run"),
            HostOptions.Text("data", "FILE", $"training pairs instead of twin data: per row {TNet.InputWidth} inputs then {TNet.OutputWidth} targets (optional header line; text or .npy)"),
            HostOptions.Text("held-out", "FILE", "held-out pairs for the prediction error, laid out like --data"),
            HostOptions.Integer("pairs", "twin data: number of training pairs", d.Pairs),
            HostOptions.Number("teacher-scale", "twin data: the teacher's weights are drawn from U(−X, X)", d.TeacherScale),
            HostOptions.Number("noise", "noise σ on inputs and outputs; R_m = 1/σ²", d.Noise),
            HostOptions.Number("rf0", "R_f0", d.Rf0),
            HostOptions.Number("alpha", "ratio α of successive R_f", d.Alpha),
            HostOptions.Integer("beta-max", "last β", d.BetaMax),
            HostOptions.Choice("stop", "plateau: stop once the lowest level has settled; beta-max: always run to β_max", d.StopAtPlateau ? "plateau" : "beta-max", "plateau", "beta-max"),
            HostOptions.Integer("paths", "number of weight starts", d.Paths),
            HostOptions.Integer("seed", "seed of the twin data and the starts", d.Seed),
            HostOptions.Integer("threads", "threads across starts (results do not depend on it)", d.Threads),
            HostOptions.Choice("minimizer", "minimizer at every β", d.Minimizer.Kind.Name(), ValueNames.NetworkMinimizerNames).WithAlias("optimizer"),
            HostOptions.Number("weight-range", "initial weights are drawn from U(−X, X)", d.InitialWeightRange),
            HostOptions.Text("weight-bound", "X|none", "weights are bounded to [−X, X]", double.IsFinite(d.WeightBound) ? d.WeightBound.ToString("R", CultureInfo.InvariantCulture) : "none"),
        };
        var program = new CommandLineProgram(
            $"{d.Name}: trains the network by precision annealing, on twin pairs (default) or --data FILE.",
            options,
            (values, token) => Execute<TNet>(Apply(d, values), token));
        return CommandLineApp.Run(args, program, console, cancellation);
    }

    private static NetworkSettings Apply(NetworkSettings d, CommandLineValues values)
    {
        string bound = values.Get<string?>("weight-bound")!;
        double weightBound = bound == "none" ? double.PositiveInfinity
            : double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out double b) && b > 0 && double.IsFinite(b) ? b
            : throw CommandLineException.Invalid("weight-bound", bound, "must be a positive number or none");
        string outDir = values.Get<string?>("out")!;
        bool resume = values.IsGiven("resume");
        return d with
        {
            OutDir = resume ? RunOutcome.ResumeFolder(values.Get<string?>("resume")!, outDir, values.IsGiven("out")) : outDir,
            Resume = resume,
            DataFile = values.IsGiven("data") ? values.Get<string?>("data") : d.DataFile,
            HeldOutFile = values.IsGiven("held-out") ? values.Get<string?>("held-out") : d.HeldOutFile,
            Pairs = values.Get<int>("pairs"),
            TeacherScale = values.Get<double>("teacher-scale"),
            Noise = values.Get<double>("noise"),
            Rf0 = values.Get<double>("rf0"),
            Alpha = values.Get<double>("alpha"),
            BetaMax = values.Get<int>("beta-max"),
            StopAtPlateau = values.Get<string>("stop") == "plateau",
            Paths = values.Get<int>("paths"),
            Seed = values.Get<int>("seed"),
            Threads = values.Get<int>("threads"),
            Minimizer = values.IsGiven("minimizer") ? ValueNames.MinimizerNamed(values.Get<string>("minimizer")!).DefaultOptions() : d.Minimizer,
            InitialWeightRange = values.Get<double>("weight-range"),
            WeightBound = weightBound,
        };
    }

    private static int Execute<TNet>(NetworkSettings s, CancellationToken cancellation) where TNet : ILayeredNetwork<TNet>
    {
        Validate(s);
        int inputs = TNet.InputWidth, outputs = TNet.OutputWidth;
        var random = new Random(s.Seed);
        double[]? teacher = null;
        TrainingPairs training, heldOut;
        if (s.DataFile is { } data)
        {
            training = ReadPairs<TNet>(data, "data");
            heldOut = s.HeldOutFile is { } file ? ReadPairs<TNet>(file, "held-out") : training;
        }
        else
        {
            teacher = new double[NetworkLayout<TNet>.WeightCount];
            for (int k = 0; k < teacher.Length; k++) teacher[k] = s.TeacherScale * (2 * random.NextDouble() - 1);
            var scratch = new double[NetworkLayout<TNet>.StatesPerExample];
            void Map(ReadOnlySpan<double> x, Span<double> y) => NetworkForward<TNet>.Predict(teacher, x, y, scratch);
            training = NoisyPairs.Draw(inputs, outputs, s.Pairs, s.Noise, random, Map);
            heldOut = s.HeldOutFile is { } file ? ReadPairs<TNet>(file, "held-out") : NoisyPairs.Draw(inputs, outputs, s.HeldOutPairs, 0.0, random, Map);
        }
        RunOutcome.CheckWritable(s.OutDir, "out");

        double precision = 1 / (s.Noise * s.Noise);
        string checkpointFile = Path.Combine(s.OutDir, RunOutcome.Checkpoint);
        var options = new NetworkAnnealingOptions
        {
            Rf0 = s.Rf0, Alpha = s.Alpha, BetaMax = s.BetaMax, StopAtPlateau = s.StopAtPlateau, Paths = s.Paths, Seed = s.Seed, Threads = s.Threads,
            Minimizer = s.Minimizer, InitialWeightRange = s.InitialWeightRange, WeightBound = s.WeightBound,
            Checkpoint = checkpoint => checkpoint.Save(checkpointFile),
            ResumeFrom = s.Resume ? RunOutcome.LoadCheckpoint(checkpointFile) : null,
        };
        RunOutcome.Start(s.OutDir);
        var recorder = new LevelRecorder();
        NetworkAnnealingResult<TNet> result;
        try
        {
            try
            {
                result = NetworkAnnealing.Run<TNet>(training, precision, precision, options, recorder, cancellation);
            }
            catch (ArgumentException e) when (s.Resume && e.ParamName == "options" && e.Message.StartsWith("ResumeFrom", StringComparison.Ordinal))
            {
                throw new CommandLineException("resume", $"--resume: {s.OutDir} holds the checkpoint of a run with other data or options; repeat that run's options.");
            }
            double[] weights = result.Weights(result.BestPath);
            double trainingRmse = NetworkForward<TNet>.RootMeanSquareError(weights, training);
            double heldOutRmse = NetworkForward<TNet>.RootMeanSquareError(weights, heldOut);
            WriteOutputs(s, result, training, heldOut, teacher, trainingRmse, heldOutRmse);
            File.Delete(checkpointFile); // finished: nothing to resume
            if (!s.Quiet)
                AnsiConsole.MarkupLineInterpolated($"{s.Name}: {result.Levels.Length} levels, best start {result.BestPath}, training RMSE {trainingRmse:G4}, held-out RMSE {heldOutRmse:G4}; outputs in [blue]{s.OutDir}[/]");
            return 0;
        }
        catch (Exception error) when (cancellation.IsCancellationRequested && error is OperationCanceledException)
        {
            RunOutcome.WriteStopped(s.OutDir, RunOutcome.Interrupted, s.Name, "interrupted (Ctrl-C, SIGTERM or a cancelled host)", recorder.Completed(s.Paths));
            throw;
        }
        catch (Exception error)
        {
            RunOutcome.WriteStopped(s.OutDir, RunOutcome.Failed, s.Name, error.Message, recorder.Completed(s.Paths));
            throw;
        }
    }

    private static void Validate(NetworkSettings s)
    {
        if (s.Pairs < 1 || s.Pairs > 10_000_000) throw CommandLineException.Invalid("pairs", s.Pairs, "must be between 1 and 10000000");
        if (!(s.TeacherScale > 0) || !double.IsFinite(s.TeacherScale)) throw CommandLineException.Invalid("teacher-scale", s.TeacherScale, "must be positive");
        if (!(s.Noise > 0) || !double.IsFinite(s.Noise)) throw CommandLineException.Invalid("noise", s.Noise, "must be positive and finite");
        if (!(s.Rf0 > 0) || !double.IsFinite(s.Rf0)) throw CommandLineException.Invalid("rf0", s.Rf0, "must be positive and finite");
        if (!(s.Alpha > 1) || s.Alpha > 1000) throw CommandLineException.Invalid("alpha", s.Alpha, "must be greater than 1 and at most 1000");
        if (s.BetaMax < 0) throw CommandLineException.Invalid("beta-max", s.BetaMax, "must not be negative");
        if (Math.Log10(Math.Max(s.Rf0, 1)) + s.BetaMax * Math.Log10(s.Alpha) > 250)
            throw new CommandLineException("beta-max", $"--beta-max {s.BetaMax} with --alpha {s.Alpha} takes R_f beyond what double precision can anneal; lower --beta-max or --alpha.");
        if (s.Paths < 1 || s.Paths > 100_000) throw CommandLineException.Invalid("paths", s.Paths, "must be between 1 and 100000");
        if (s.Threads < 1 || s.Threads > 4096) throw CommandLineException.Invalid("threads", s.Threads, "must be between 1 and 4096");
        if (!(s.InitialWeightRange > 0) || !double.IsFinite(s.InitialWeightRange)) throw CommandLineException.Invalid("weight-range", s.InitialWeightRange, "must be positive and finite");
        if (s.Minimizer.Kind == MinimizerKind.Ipopt && !IpoptMinimizer.IsAvailable)
            throw new CommandLineException("minimizer", "--minimizer ipopt needs the IPOPT library libipopt.so.1, which is not installed (apt-get install -y coinor-libipopt1v5).");
    }

    /// <summary>Pairs from a file: each row the inputs, then the targets.</summary>
    private static TrainingPairs ReadPairs<TNet>(string file, string option) where TNet : ILayeredNetwork<TNet>
    {
        int inputs = TNet.InputWidth, outputs = TNet.OutputWidth;
        List<double[]> rows;
        try
        {
            rows = DataFile.Read(file, inputs + outputs);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new CommandLineException(option, $"--{option}: {e.Message}");
        }
        return new TrainingPairs(inputs, outputs, rows.SelectMany(r => r[..inputs]).ToArray(), rows.SelectMany(r => r[inputs..]).ToArray());
    }

    /// <summary>levels.csv, weights.csv, action-levels.png, then summary.json (last: a finished run's mark).</summary>
    private static void WriteOutputs<TNet>(NetworkSettings s, NetworkAnnealingResult<TNet> result, TrainingPairs training, TrainingPairs heldOut, double[]? teacher,
        double trainingRmse, double heldOutRmse) where TNet : ILayeredNetwork<TNet>
    {
        var levels = new StringBuilder("beta,rf,path,action,measurement_term,model_term,iterations,evaluations,exit\n");
        foreach (AnnealingLevel level in result.Levels)
            for (int k = 0; k < level.Actions.Length; k++)
                levels.Append(CultureInfo.InvariantCulture, $"{level.Beta},{level.Rf:R},{k},{level.Actions[k]:R},{level.MeasurementTerms[k]:R},{level.ModelTerms[k]:R},{level.Iterations[k]},{level.Evaluations[k]},{level.Exits[k]}\n");
        AtomicFile.WriteText(Path.Combine(s.OutDir, "levels.csv"), levels.ToString());
        var weights = new StringBuilder("index,weight" + (teacher is null ? "" : ",teacher") + "\n");
        double[] best = result.Weights(result.BestPath);
        for (int k = 0; k < best.Length; k++)
            weights.Append(CultureInfo.InvariantCulture, $"{k},{best[k]:R}").Append(teacher is null ? "" : string.Create(CultureInfo.InvariantCulture, $",{teacher[k]:R}")).Append('\n');
        AtomicFile.WriteText(Path.Combine(s.OutDir, "weights.csv"), weights.ToString());
        double noiseLevel = 0.5 * training.Count * (training.InputWidth + training.OutputWidth);
        Plots.NetworkActionLevels(Path.Combine(s.OutDir, "action-levels.png"), $"{s.Name}: action levels, {s.Paths} starts, M = {training.Count}", result.Levels, noiseLevel, "noise level");
        AtomicFile.Write(Path.Combine(s.OutDir, "summary.json"), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("network", s.Name);
            json.WriteNumber("layers", TNet.LayerCount);
            json.WriteNumber("weights", best.Length);
            json.WriteString("data", s.DataFile ?? "twin");
            json.WriteNumber("pairs", training.Count);
            json.WriteNumber("heldOutPairs", heldOut.Count);
            OutputFiles.WriteFinite(json, "noise", s.Noise);
            json.WriteStartObject("annealing");
            OutputFiles.WriteFinite(json, "rf0", s.Rf0);
            OutputFiles.WriteFinite(json, "alpha", s.Alpha);
            json.WriteNumber("betaMax", s.BetaMax);
            json.WriteString("stop", result.Stop == StopReason.Plateau ? "plateau" : "betaMax");
            json.WriteNumber("paths", s.Paths);
            json.WriteNumber("seed", s.Seed);
            json.WriteString("minimizer", s.Minimizer.Kind.Name());
            json.WriteEndObject();
            OutputFiles.WriteFinite(json, "noiseLevel", noiseLevel);
            OutputFiles.WriteLevels(json, result.Levels);
            json.WriteStartObject("best");
            json.WriteNumber("path", result.BestPath);
            OutputFiles.WriteFinite(json, "action", result.Levels[^1].Actions[result.BestPath]);
            OutputFiles.WriteFinite(json, "trainingRmse", trainingRmse);
            OutputFiles.WriteFinite(json, "heldOutRmse", heldOutRmse);
            json.WriteEndObject();
            OutputFiles.WriteFinite(json, "seconds", result.Elapsed.TotalSeconds);
            json.WriteEndObject();
        });
    }
}
