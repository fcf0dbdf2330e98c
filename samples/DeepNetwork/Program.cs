using System;
using System.IO;
using DeepestLearning.Samples;
using DeepNetworkSample;
using Spectre.Console;

// Deep learning as statistical data assimilation (docs/design.md §1.3): three experiments that train
// networks by precision annealing and by backpropagation (L-BFGS and Adam) from the same starts.
return SampleMain.Run(() =>
{
    var o = new SampleOptions(args);
    string experiment = o.String("experiment", "all");
    var common = new ExperimentSettings(
        OutDir: o.String("out", "out/deep"),
        Paths: o.Int("paths", 4),
        Seed: o.Int("seed", 1),
        Threads: o.Int("threads", Environment.ProcessorCount),
        Optimizer: o.Optimizer("optimizer", DeepestLearning.MinimizerKind.LbfgsB),
        Rf0: o.Optional("rf0") is null ? null : o.Double("rf0", 0),
        BetaMax: o.Optional("beta-max") is null ? null : o.Int("beta-max", 0));
    int twinPairs = o.Int("pairs", 20);
    double teacherScale = o.Double("teacher-scale", 0.1);
    string teacher = o.String("teacher", "deep100");
    o.RejectUnknown();
    if (common.Paths < 1) throw new ArgumentException("--paths must be at least 1.", "paths");
    if (experiment is not ("all" or "twin" or "depth" or "spirals"))
        throw new ArgumentException($"unknown experiment '{experiment}': use twin, depth, spirals or all.", "experiment");

    void Log(string line) => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]");
    if (experiment is "all" or "twin") TwinNetworkExperiment.Run(common with { OutDir = Path.Combine(common.OutDir, "twin") }, twinPairs, teacherScale, teacher, Log);
    if (experiment is "all" or "depth") DepthExperiment.Run(common with { OutDir = Path.Combine(common.OutDir, "depth") }, Log);
    if (experiment is "all" or "spirals") SpiralsExperiment.Run(common with { OutDir = Path.Combine(common.OutDir, "spirals") }, Log);
    return 0;
});
