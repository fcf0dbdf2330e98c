using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DeepestLearning.Cli;

/// <summary>
/// The standard options of <see cref="AssimilationApp"/>, their <c>--help</c> lines (with the
/// program's defaults), and how they turn the defaults into a run's settings.
/// </summary>
internal sealed class AssimilationOptions
{
    private readonly TwinSettings _defaults;
    private readonly List<Option> _all = new();

    public AssimilationOptions(ModelChoice models, AssimilationExtension? extension)
    {
        (IModelRunner runner, _defaults) = models.Default;
        TwinSettings d = _defaults;
        IReadOnlyCollection<string> removed = extension?.RemovedOptions ?? Array.Empty<string>();
        void Add(Option option)
        {
            if (!removed.Contains(option.Name[2..])) _all.Add(option);
        }

        if (models.OptionName is { } choose)
            Add(HostOptions.Choice(choose, models.Description, models.Values[0], models.Values.ToArray()));
        Add(HostOptions.Text("out", "DIR", "output folder", d.OutDir));
        Add(HostOptions.Text("resume", "DIR", "continue the interrupted run whose outputs are in DIR (repeat its other options); the result is identical to an uninterrupted run"));
        Add(HostOptions.Text(ShardArgument.Option, "K/N|auto/N", "anneal only part K of N of the starts (from 1; auto: K from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID) into --out, for --merge"));
        Add(HostOptions.Text(MergeArgument.Option, "DIRS", "combine the shards in these output folders (comma-separated; repeat the shards' other options) into the outputs of one run"));
        Add(HostOptions.IntegerList("observed", "observed state components (comma-separated indices from 0)", d.Observed));
        Add(HostOptions.Text("data", "FILE", "measurements instead of twin data: one row per measurement time, one column per observed component (optional header line and time column; text or .npy; NaN, NA or an empty field where a value is missing)"));
        if (runner.StimulusCount > 0)
            Add(HostOptions.Text("stimulus", "FILE", "the stimulus on the model grid: one row per step over the window and, if available, the prediction (a shorter file shortens the prediction)"));
        Add(HostOptions.Number("dt", "model time step Δt", d.Dt));
        Add(HostOptions.Integer("steps", "number of steps N of the window (N + 1 points)", d.Steps));
        Add(HostOptions.Integer("data-every", "a measurement every K-th model step", d.DataEvery));
        Add(HostOptions.Number("noise", "measurement noise σ of twin data; R_m = 1/σ²", d.Noise));
        Add(HostOptions.Choice("discretization", "the model term's rule", ValueNames.Of(d.Discretization), ValueNames.DiscretizationNames));
        Add(HostOptions.Text("rf0", "X|auto", "R_f0 of every component, or auto for the library's choice per component", d.Rf0 is null ? "auto" : Format(d.Rf0[0])));
        Add(HostOptions.OptionalNumber("rf0-unobserved", "R_f0 of the unobserved components (default: the --rf0 value)"));
        Add(HostOptions.Choice("starts", "how the initial paths are built", ValueNames.Of(d.Starts), ValueNames.StartNames));
        Add(HostOptions.Choice("stop", "plateau: stop once the lowest level has settled and fits the noise; beta-max: always run to β_max", d.StopAtPlateau ? "plateau" : "beta-max", "plateau", "beta-max"));
        Add(HostOptions.Number("alpha", "ratio α of successive R_f", d.Alpha));
        Add(HostOptions.OptionalInteger("beta-max", d.BetaMax is { } b ? $"last β (default: {b})" : "last β (default: derived from the problem)"));
        Add(HostOptions.Integer("paths", "number of initial paths N_I", d.Paths));
        Add(HostOptions.Integer("seed", "seed of the noise and the starts", d.Seed));
        Add(HostOptions.Integer("threads", "threads across paths (results do not depend on it)", d.Threads));
        Add(HostOptions.Choice("minimizer", "minimizer at every β (auto: newton when the Hessian's factorization is affordable, else lbfgsb; ipopt needs libipopt.so.1: apt-get install -y coinor-libipopt1v5)", d.Minimizer.Kind.Name(), ValueNames.MinimizerNames)
            .WithAlias("optimizer"));
        Add(HostOptions.Integer("predict", "model steps predicted after the window", d.PredictionSteps));
        Add(HostOptions.Integer("sample", "after the annealing, N posterior draws per chain by Hamiltonian Monte Carlo at the last level (0: no sampler); adds sampler.png, sample_ columns in path.csv and \"sampler\" in summary.json", d.SampleDraws));
        Add(HostOptions.Integer("sample-chains", "chains of --sample, each started from an annealed path", d.SampleChains));
        Add(HostOptions.Text(InitialPathFile.Option, "FILE[,FILE…]", "start k from the path in the k-th FILE instead of building it: an earlier run's path.csv (parameters from the summary.json beside it) or a table of one row per grid point, one column per state"));
        Add(HostOptions.Text(InitialPathFile.ParametersOption, "LIST", "the parameters of every start (comma-separated, one per model parameter): of the built starts and of --initial-path"));
        if (extension is not null) _all.AddRange(extension.Options);
    }

    public IReadOnlyList<Option> All => _all;

    /// <summary>The model the command line chose and its defaults with the standard options applied.</summary>
    public (IModelRunner Runner, TwinSettings Settings) Apply(ModelChoice models, CommandLineValues values, TextWriter notes)
    {
        (IModelRunner runner, TwinSettings d) = models.OptionName is { } choose
            ? models.Find(values.Get<string>(choose)!) ?? throw CommandLineException.Invalid(choose, values.Get<string>(choose), "is not offered")
            : models.Default;
        T Value<T>(string name, T fallback) => _all.Any(o => o.Name == "--" + name) && values.IsGiven(name) ? values.Get<T>(name)! : fallback;

        TwinSettings s = d with
        {
            OutDir = Value("out", d.OutDir),
            Observed = Value("observed", d.Observed),
            DataFile = Value<string?>("data", d.DataFile),
            Dt = Value("dt", d.Dt),
            Steps = Value("steps", d.Steps),
            DataEvery = Value("data-every", d.DataEvery),
            Noise = Value("noise", d.Noise),
            Discretization = ValueNames.DiscretizationNamed(Value("discretization", ValueNames.Of(d.Discretization))),
            Starts = ValueNames.StartNamed(Value("starts", ValueNames.Of(d.Starts))),
            StopAtPlateau = Value("stop", d.StopAtPlateau ? "plateau" : "beta-max") == "plateau",
            Alpha = Value("alpha", d.Alpha),
            BetaMax = Value("beta-max", d.BetaMax),
            Paths = Value("paths", d.Paths),
            Seed = Value("seed", d.Seed),
            Threads = Value("threads", d.Threads),
            Minimizer = values.IsGiven("minimizer") ? TwinSettings.HostMinimizer(ValueNames.MinimizerNamed(values.Get<string>("minimizer")!)) : d.Minimizer,
            PredictionSteps = Value("predict", d.PredictionSteps),
            SampleDraws = Value("sample", d.SampleDraws),
            SampleChains = Value("sample-chains", d.SampleChains),
        };
        s = s with { Rf0 = ModelPrecision(s, d, runner.StateCount, values) };
        if (values.IsGiven("resume")) s = WithResume(s, values.Get<string>("resume")!, values.IsGiven("out"));
        s = WithShards(s, values);
        if (runner.StimulusCount > 0 && values.IsGiven("stimulus")) s = WithStimulusFile(s, values.Get<string>("stimulus")!, runner.StimulusCount, notes);
        s = WithInitialPaths(s, values, runner.StateCount, notes);
        return (runner, s);
    }

    /// <summary>
    /// R_f0 per component: <c>--rf0 X</c> sets every component, <c>--rf0 auto</c> leaves the choice to
    /// the library, <c>--rf0-unobserved Y</c> then sets the unobserved ones apart.
    /// </summary>
    private double[]? ModelPrecision(TwinSettings s, TwinSettings defaults, int states, CommandLineValues values)
    {
        bool rf0Given = values.IsGiven("rf0"), unobservedGiven = _all.Any(o => o.Name == "--rf0-unobserved") && values.IsGiven("rf0-unobserved");
        double[]? rf0 = defaults.Rf0;
        if (rf0Given)
        {
            string text = values.Get<string>("rf0")!;
            if (text == "auto") rf0 = null;
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value > 0)
                rf0 = Enumerable.Repeat(value, states).ToArray();
            else throw CommandLineException.Invalid("rf0", text, "must be a positive number or auto");
        }
        if (rf0 is not null && rf0.Length != states) rf0 = Enumerable.Repeat(rf0[0], states).ToArray();
        if (!unobservedGiven) return rf0;
        double unobserved = values.Get<double?>("rf0-unobserved")!.Value;
        if (!(unobserved > 0)) throw CommandLineException.Invalid("rf0-unobserved", Format(unobserved), "must be positive");
        if (rf0 is null) throw CommandLineException.Invalid("rf0-unobserved", Format(unobserved), "needs a numeric --rf0 (with --rf0 auto the library chooses every component)");
        return Enumerable.Range(0, states).Select(a => s.Observed.Contains(a) ? rf0[a] : unobserved).ToArray();
    }

    /// <summary><c>--resume DIR</c>: the run continues in DIR, which must hold a checkpoint (and is the output folder).</summary>
    private static TwinSettings WithResume(TwinSettings s, string folder, bool outGiven)
    {
        return s with { OutDir = RunOutcome.ResumeFolder(folder, s.OutDir, outGiven), Resume = true };
    }

    /// <summary>
    /// <c>--shard</c> (this process anneals a part of the starts) or <c>--merge</c> (this process combines
    /// the parts): one or the other, and neither with <c>--resume</c> — a shard is rerun, not resumed.
    /// </summary>
    private TwinSettings WithShards(TwinSettings s, CommandLineValues values)
    {
        bool shard = Offered(ShardArgument.Option) && values.IsGiven(ShardArgument.Option), merge = Offered(MergeArgument.Option) && values.IsGiven(MergeArgument.Option);
        if (shard && merge) throw new CommandLineException(MergeArgument.Option, "--merge combines shards that ran with --shard; give one of them, not both.");
        if ((shard || merge) && s.Resume)
            throw new CommandLineException("resume", $"--resume continues a whole run; a run with --{(shard ? ShardArgument.Option : MergeArgument.Option)} is not resumable (run the shard again).");
        if (shard) s = s with { Shard = ShardArgument.Parse(values.Get<string>(ShardArgument.Option)!, Environment.GetEnvironmentVariable) };
        if (merge) s = s with { MergeShards = MergeArgument.Load(values.Get<string>(MergeArgument.Option)!) };
        return s;
    }

    private bool Offered(string name) => _all.Any(o => o.Name == "--" + name);

    /// <summary><c>--initial-parameters</c> (every start's parameters) and <c>--initial-path</c> (starts read from files).</summary>
    private TwinSettings WithInitialPaths(TwinSettings s, CommandLineValues values, int states, TextWriter notes)
    {
        double[]? parameters = null;
        if (Offered(InitialPathFile.ParametersOption) && values.IsGiven(InitialPathFile.ParametersOption))
        {
            parameters = InitialPathFile.ParseParameters(values.Get<string>(InitialPathFile.ParametersOption)!, s.ParameterNames);
            s = s with { InitialParameters = parameters };
        }
        if (Offered(InitialPathFile.Option) && values.IsGiven(InitialPathFile.Option))
            s = s with { InitialPaths = InitialPathFile.ReadAll(values.Get<string>(InitialPathFile.Option)!, s, states, parameters, notes) };
        return s;
    }

    /// <summary>The stimulus from a file: at least the window; a file shorter than window + prediction shortens the prediction.</summary>
    private static TwinSettings WithStimulusFile(TwinSettings s, string file, int inputs, TextWriter notes)
    {
        List<double[]> rows;
        try
        {
            rows = DataFile.Read(file, inputs, s.Dt);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new CommandLineException("stimulus", $"--stimulus: {e.Message}");
        }
        if (s.Steps >= 0 && rows.Count < s.Steps + 1)
            throw CommandLineException.Invalid("stimulus", file, $"has {rows.Count} rows; the window needs steps + 1 = {s.Steps + 1} (one per model time step)");
        int predict = s.PredictionSteps;
        if (predict >= 0 && rows.Count < s.Steps + predict + 1)
        {
            predict = rows.Count - s.Steps - 1;
            notes.WriteLine($"note: the stimulus covers {predict} steps after the window; the prediction is limited to them.");
        }
        int points = s.Steps + Math.Max(predict, 0) + 1;
        return s with { PredictionSteps = predict, Stimulus = rows.Take(points).SelectMany(r => r).ToArray() };
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
