using System;
using BenchmarkDotNet.Running;

namespace DeepestLearning.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet for the kernels (--filter …); "minimizers" runs the minimizer comparison
    /// (whole minimizations, timed in one process) and prints its table; "battery" runs the stress
    /// battery of annealing with its defaults on experiments no default was tuned on; "fuzz [bodies]
    /// [seed]" runs the generator fuzz in its long mode (20 000 bodies by default); "generator-scale [case …]"
    /// times generation and compilation of large models (GeneratorScaleCommand); "laplace-coverage [seeds]
    /// [rules]" checks the Laplace bands of the Lorenz96 experiment against the truth (LaplaceCoverageCommand); "sampler [seeds] [rule]
    /// [draws] [mass] [beta]" runs the Hamiltonian sampler on it and compares with the Laplace marginals (SamplerCommand);
    /// "action-ratio [rounds]" times generated against peeled hand-written action (+gradient), alternating, in one process (ActionRatioCommand).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "minimizers") return MinimizerComparison.Run(args.AsSpan(1).ToArray());
        if (args.Length > 0 && args[0] == "battery") return Battery.StressBattery.Run(args.AsSpan(1).ToArray());
        if (args.Length > 0 && args[0] == "fuzz") return GeneratorFuzzCommand.Run(args.AsSpan(1).ToArray());
        if (args.Length > 0 && args[0] == "generator-scale") return GeneratorScaleCommand.Run(args.AsSpan(1).ToArray());
        if (args.Length > 0 && args[0] == "laplace-coverage") return LaplaceCoverageCommand.Run(args.AsSpan(1).ToArray());
        if (args.Length > 0 && args[0] == "action-ratio") return ActionRatioCommand.Run(args.AsSpan(1).ToArray());
        if (args.Length > 0 && args[0] == "sampler") return SamplerCommand.Run(args.AsSpan(1).ToArray());
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
