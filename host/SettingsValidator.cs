using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DeepestLearning.Cli;

/// <summary>
/// Checks a run's settings against its model before any work starts, so that every bad value ends
/// the program at once with one line naming its option — never a stack trace halfway through a run.
/// </summary>
internal static class SettingsValidator
{
    /// <summary>The most values a window (plus prediction) may hold: beyond it the run would not fit in memory on a workstation.</summary>
    private const long MaxGridValues = 50_000_000;

    /// <summary>The largest R_f a schedule may reach (leaves headroom below double's 1.8e308 for sums of squares).</summary>
    private const double MaxLog10Rf = 250;

    /// <summary>The window and time step alone: checked before a program's extension builds anything (a stimulus) on them.</summary>
    public static void CheckGrid(TwinSettings s, IModelRunner model)
    {
        int d = model.StateCount, u = model.StimulusCount;
        // The host's twin data, data files and plots are state components; a [Measurement] model's data are outputs of h.
        if (model.MeasurementCount > 0)
            throw new CommandLineException("observed", $"--observed names state components, but {s.ModelName} measures through its [Measurement] function ({model.MeasurementCount} outputs), which the command-line host does not run yet: anneal it with PrecisionAnnealing.Run (docs/data.md).");
        Positive("dt", s.Dt);
        if (s.Steps < 1) throw CommandLineException.Invalid("steps", s.Steps, "must be at least 1");
        if (s.PredictionSteps < 0) throw CommandLineException.Invalid("predict", s.PredictionSteps, "must not be negative (0: no prediction)");
        long points = (long)s.Steps + s.PredictionSteps + 1;
        if (points * Math.Max(d, u) > MaxGridValues)
            throw new CommandLineException(s.PredictionSteps > s.Steps ? "predict" : "steps",
                $"--steps {s.Steps} with --predict {s.PredictionSteps} gives {points} grid points × {Math.Max(d, u)} values, more than the {MaxGridValues:N0} a run may hold.");
        if (!double.IsFinite(points * s.Dt)) throw CommandLineException.Invalid("dt", s.Dt, "makes the time span infinite");
    }

    /// <summary>Everything else, once the settings are final; the output folder is created and proved writable last.</summary>
    public static void Check(TwinSettings s, IModelRunner model)
    {
        CheckGrid(s, model);
        int d = model.StateCount, u = model.StimulusCount;

        if (s.Observed.Length == 0) throw CommandLineException.Invalid("observed", "", "must list at least one component");
        foreach (int a in s.Observed)
            if (a < 0 || a >= d) throw CommandLineException.Invalid("observed", string.Join(',', s.Observed), $"must hold components 0 to {d - 1} (the model has {d})");
        if (s.Observed.Distinct().Count() != s.Observed.Length) throw CommandLineException.Invalid("observed", string.Join(',', s.Observed), "lists a component twice");
        if (s.DataEvery < 1 || s.DataEvery > s.Steps)
            throw CommandLineException.Invalid("data-every", s.DataEvery, $"must be between 1 and --steps ({s.Steps})");
        Positive("noise", s.Noise);

        if (!(s.Alpha > 1) || s.Alpha > 1000) throw CommandLineException.Invalid("alpha", s.Alpha, "must be greater than 1 and at most 1000");
        if (s.BetaMax is < 0) throw CommandLineException.Invalid("beta-max", s.BetaMax, "must not be negative");
        if (s.Rf0 is { } rf0)
            foreach (double r in rf0)
                if (!(r > 0) || !double.IsFinite(r)) throw CommandLineException.Invalid("rf0", r, "must be positive and finite");
        if (s.BetaMax is int betaMax)
        {
            double log10Rf = Math.Log10(Math.Max(s.Rf0?.Max() ?? 1, 1)) + betaMax * Math.Log10(s.Alpha);
            if (log10Rf > MaxLog10Rf)
                throw new CommandLineException("beta-max", $"--beta-max {betaMax} with --alpha {s.Alpha} takes R_f to 1e{log10Rf:F0}, beyond what double precision can anneal; lower --beta-max or --alpha.");
        }
        if (s.Paths < 1 || s.Paths > 100_000) throw CommandLineException.Invalid("paths", s.Paths, "must be between 1 and 100000");
        if (s.Shard is { } shard && shard.Count > s.Paths)
            throw CommandLineException.Invalid(ShardArgument.Option, shard, $"splits --paths {s.Paths} starts into {shard.Count} parts; use at most {s.Paths} parts");
        if (s.Threads < 1 || s.Threads > 4096) throw CommandLineException.Invalid("threads", s.Threads, "must be between 1 and 4096");
        if (s.Minimizer.Kind == MinimizerKind.Ipopt && !IpoptMinimizer.IsAvailable)
            throw new CommandLineException("minimizer", "--minimizer ipopt needs the IPOPT library libipopt.so.1, which is not installed (apt-get install -y coinor-libipopt1v5).");

        CheckSampler(s, model);
        CheckStimulus(s, u);
        if (s.DataFile is { } file) CheckData(s, file);
        else CheckTruth(s, model);
        RunOutcome.CheckWritable(s.OutDir, "out");
    }

    /// <summary>The most kept draws per chain <c>--sample</c> accepts, and the most chains.</summary>
    private const int MaxSampleDraws = 100_000, MaxSampleChains = 64;

    /// <summary>The draws the sampler keeps in memory: chains × draws × variables (the library's own ceiling, 10⁸ values, 800 MB).</summary>
    private const long MaxSampleValues = 100_000_000;

    /// <summary><c>--sample N</c> (0: off) and <c>--sample-chains K</c>; the stored draws must fit the sampler's ceiling.</summary>
    private static void CheckSampler(TwinSettings s, IModelRunner model)
    {
        if (s.SampleDraws < 0 || s.SampleDraws > MaxSampleDraws)
            throw CommandLineException.Invalid("sample", s.SampleDraws, $"must be between 0 (no sampler) and {MaxSampleDraws}");
        if (s.SampleDraws is > 0 and < 4) throw CommandLineException.Invalid("sample", s.SampleDraws, "must be 0 (no sampler) or at least 4 draws per chain");
        if (s.SampleChains < 1 || s.SampleChains > MaxSampleChains)
            throw CommandLineException.Invalid("sample-chains", s.SampleChains, $"must be between 1 and {MaxSampleChains}");
        if (s.SampleDraws == 0) return;
        long points = s.Discretization == Discretization.HermiteSimpson ? 2L * s.Steps + 1 : s.Steps + 1;
        long variables = points * model.StateCount + model.ParameterCount;
        long stored = (long)s.SampleChains * s.SampleDraws * variables;
        if (stored > MaxSampleValues)
            throw new CommandLineException("sample", $"--sample {s.SampleDraws} with --sample-chains {s.SampleChains} keeps {stored:N0} values ({variables:N0} variables per draw), more than the {MaxSampleValues:N0} a run may hold; keep fewer draws or chains.");
    }

    private static void Positive(string option, double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw CommandLineException.Invalid(option, value, "must be positive and finite");
    }

    private static void CheckStimulus(TwinSettings s, int inputs)
    {
        int length = s.Stimulus?.Length ?? 0;
        long needed = ((long)s.Steps + s.PredictionSteps + 1) * inputs;
        if (inputs == 0 && length > 0) throw new CommandLineException("stimulus", $"--stimulus: {s.ModelName} has no stimulus inputs.");
        if (inputs > 0 && length != needed)
            throw new CommandLineException("stimulus", length == 0
                ? $"--stimulus FILE is required: {s.ModelName} has {inputs} stimulus input{(inputs == 1 ? "" : "s")}."
                : $"--stimulus holds {length} values; (steps + predict + 1) × {inputs} = {needed} are needed on the model grid.");
        if (s.Stimulus is { } stimulus && stimulus.Any(v => !double.IsFinite(v))) throw new CommandLineException("stimulus", "--stimulus holds a value that is not a finite number.");
    }

    /// <summary>The data must parse and hold one row per measurement time of the window, no more and no fewer.</summary>
    private static void CheckData(TwinSettings s, string file)
    {
        List<double[]> rows;
        try
        {
            rows = DataFile.Read(file, s.Observed.Length, s.Dt * s.DataEvery, missingAsNaN: true);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new CommandLineException("data", $"--data: {e.Message}");
        }
        int needed = s.Steps / s.DataEvery + 1;
        if (rows.Count != needed)
            throw CommandLineException.Invalid("data", file, $"has {rows.Count} rows; --steps {s.Steps} with --data-every {s.DataEvery} needs {needed} (one per measurement time, the first at t = 0)");
        if (rows.All(row => row.All(double.IsNaN)))
            throw CommandLineException.Invalid("data", file, "holds no measured value (every value is missing): there is nothing to estimate from");
    }

    /// <summary>Twin data come from the true model: settings on which its trajectory diverges would fail late, so they fail here.</summary>
    private static void CheckTruth(TwinSettings s, IModelRunner model)
    {
        double[] truth;
        try
        {
            truth = model.TruePath(s);
        }
        catch (ArgumentException e)
        {
            throw new CommandLineException("dt", $"--dt {s.Dt}: the true model cannot be integrated ({e.Message}).");
        }
        if (truth.Any(v => !double.IsFinite(v)))
            throw new CommandLineException("dt", $"--dt {s.Dt}: the true model's trajectory diverges over --steps {s.Steps} + --predict {s.PredictionSteps}; use a smaller step.");
    }
}
