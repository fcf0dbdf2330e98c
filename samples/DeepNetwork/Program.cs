using System;
using System.CommandLine;
using System.IO;
using DeepestLearning;
using DeepestLearning.Cli;
using DeepNetworkSample;
using Spectre.Console;

// Deep learning as statistical data assimilation (docs/design.md §1.3): three experiments that train
// networks by precision annealing and by backpropagation (L-BFGS and Adam) from the same starts.
Option<string> experiment = HostOptions.Choice("experiment", "which experiment to run", "all", "twin", "depth", "spirals", "all");
Option<string?> outDir = HostOptions.Text("out", "DIR", "output folder; each experiment writes to a subfolder", "out/deep");
Option<int> paths = HostOptions.Integer("paths", "initial weight draws, shared by all methods", 4);
Option<int> seed = HostOptions.Integer("seed", "seed of the data and the starts", 1);
Option<int> threads = HostOptions.Integer("threads", "threads across starts", Environment.ProcessorCount);
Option<string> minimizer = HostOptions.Choice("minimizer", "the annealing's minimizer (Newton and IPOPT use the exact network Hessian)", "lbfgsb", "lbfgsb", "newton", "ipopt").WithAlias("optimizer");
Option<double?> rf0 = HostOptions.OptionalNumber("rf0", "the annealing's R_f0 (default: each experiment's own)");
Option<int?> betaMax = HostOptions.OptionalInteger("beta-max", "the annealing's β_max (default: each experiment's own)");
Option<int> pairs = HostOptions.Integer("pairs", "twin experiment: number of training pairs", 20);
Option<double> teacherScale = HostOptions.Number("teacher-scale", "twin experiment: the teacher's weights are drawn from U(−X, X)", 0.1);
Option<string> teacher = HostOptions.Choice("teacher", "twin experiment: a 100-layer teacher or the student's own 20-layer architecture", "deep100", "deep100", "same20");

var program = new CommandLineProgram(
    "Deep networks trained by precision annealing and by backpropagation (L-BFGS, Adam) from the same starts.",
    new Option[] { experiment, outDir, paths, seed, threads, minimizer, rf0, betaMax, pairs, teacherScale, teacher },
    (values, cancellation) =>
    {
        var common = new ExperimentSettings(values.Get(outDir)!, values.Get(paths), values.Get(seed), values.Get(threads),
            MinimizerKinds.Parse(values.Get(minimizer)!), values.Get(rf0), values.Get(betaMax));
        if (common.Paths < 1) throw CommandLineException.Invalid("paths", common.Paths, "must be at least 1");
        if (common.Threads < 1) throw CommandLineException.Invalid("threads", common.Threads, "must be at least 1");
        if (common.Rf0 is { } r && !(r > 0)) throw CommandLineException.Invalid("rf0", r, "must be positive");
        if (common.BetaMax is < 0 or > 200) throw CommandLineException.Invalid("beta-max", common.BetaMax, "must be between 0 and 200");
        if (common.Minimizer == MinimizerKind.Ipopt && !IpoptMinimizer.IsAvailable)
            throw new CommandLineException("minimizer", "--minimizer ipopt needs the IPOPT library libipopt.so.1, which is not installed (apt-get install -y coinor-libipopt1v5).");
        int twinPairs = values.Get(pairs);
        if (twinPairs < 1) throw CommandLineException.Invalid("pairs", twinPairs, "must be at least 1");
        double scale = values.Get(teacherScale);
        if (!(scale > 0)) throw CommandLineException.Invalid("teacher-scale", scale, "must be positive");
        string chosen = values.Get(experiment)!;
        OutputFolder.RequireWritable(common.OutDir, "out");

        void Log(string line) => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]");
        if (chosen is "all" or "twin") TwinNetworkExperiment.Run(common with { OutDir = Path.Combine(common.OutDir, "twin") }, twinPairs, scale, values.Get(teacher)!, Log);
        cancellation.ThrowIfCancellationRequested();
        if (chosen is "all" or "depth") DepthExperiment.Run(common with { OutDir = Path.Combine(common.OutDir, "depth") }, Log);
        cancellation.ThrowIfCancellationRequested();
        if (chosen is "all" or "spirals") SpiralsExperiment.Run(common with { OutDir = Path.Combine(common.OutDir, "spirals") }, Log);
        return 0;
    });
return CommandLineApp.Run(args, program);
