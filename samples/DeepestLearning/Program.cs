using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DeepestLearning.Cli;
using DeepestLearning;
using DeepestLearning.SampleModels;
using DeepestLearning.Samples;
using DeepestLearningSample;
using Spectre.Console;

// Deepest learning (docs/design.md §1.4): a continuous-depth network dx/dτ = tanh(W(τ)x + b(τ)) on [0, T]
// with weights piecewise constant over K layers. It is trained by the adjoint route (backward
// integration of the momentum p, L-BFGS) and by precision annealing of the equivalent residual
// network; then the trained network is integrated with ever finer steps to show the integrators' order.
Option<string?> outOption = HostOptions.Text("out", "DIR", "output folder", "out/deepest");
Option<int> seedOption = HostOptions.Integer("seed", "seed of the data and the starts", 1);
Option<int> pathsOption = HostOptions.Integer("paths", "starts of each training route", 2);
Option<int> threadsOption = HostOptions.Integer("threads", "threads across starts", Environment.ProcessorCount);
var program = new CommandLineProgram(
    "A continuous-depth network trained by the adjoint route and by precision annealing; the integrators' convergence.",
    new Option[] { outOption, seedOption, pathsOption, threadsOption },
    (values, cancellation) => Run(values.Get(outOption)!, values.Get(seedOption), values.Get(pathsOption), values.Get(threadsOption), cancellation));
return CommandLineApp.Run(args, program);

static int Run(string outDir, int seed, int paths, int threads, System.Threading.CancellationToken cancellation)
{
    if (paths < 1) throw CommandLineException.Invalid("paths", paths, "must be at least 1");
    if (threads < 1) throw CommandLineException.Invalid("threads", threads, "must be at least 1");
    OutputFolder.RequireWritable(outDir, "out");

    const int layers = 8, width = ResidualFlow.Width;
    const double horizon = ResidualFlow.Horizon, sigma = 0.001;
    var random = new Random(seed + 100);
    var (a, b) = FlowTarget.Draw(width, 1.2, random);
    TrainingPairs training = FlowTarget.Pairs(a, b, horizon, 400, sigma, random);
    TrainingPairs heldOut = FlowTarget.Pairs(a, b, horizon, 1000, 0.0, random);

    // 1. The adjoint route: RK4 with 4 steps per layer, gradient by backward integration of p.
    var loss = new ContinuousNetworkLoss<TanhFlow>(training, ExplicitRule.RungeKutta4, horizon, layers, stepsPerLayer: 4);
    var annealingOptions = new NetworkAnnealingOptions
    {
        Rf0 = 1, Alpha = 2.0, BetaMax = 40, Paths = paths, Seed = seed, Threads = threads, InitialWeightRange = 0.5, WeightBound = 5, PinInputs = true,
        Minimizer = new LbfgsBOptions { MaxIterations = 2000, MaxEvaluations = 2500 },
    };
    var watch = Stopwatch.StartNew();
    var adjointRuns = new List<(double Loss, double HeldOut, int Iterations, double[] Weights)>();
    for (int start = 0; start < paths; start++)
    {
        cancellation.ThrowIfCancellationRequested();
        double[] w = annealingOptions.InitialWeights(loss.Dimension, start);
        var lower = Enumerable.Repeat(-annealingOptions.WeightBound, w.Length).ToArray();
        var upper = Enumerable.Repeat(annealingOptions.WeightBound, w.Length).ToArray();
        MinimizerResult r = new LbfgsB(loss).Minimize(w, lower, upper);
        adjointRuns.Add((r.Value, ContinuousDepth.HeldOutRmse(w, heldOut, layers, horizon, ExplicitRule.RungeKutta4, 64), r.Iterations, w));
    }
    double adjointSeconds = watch.Elapsed.TotalSeconds;
    var bestAdjoint = adjointRuns.MinBy(r => r.Loss);

    // 2. Precision annealing of the same network in its Euler form (ResidualFlow8: one step of T/8 per layer).
    watch.Restart();
    NetworkAnnealingResult<ResidualFlow8> annealed = NetworkAnnealing.Run<ResidualFlow8>(training, 1 / (sigma * sigma), 1 / (sigma * sigma), annealingOptions, cancellation: cancellation);
    double annealingSeconds = watch.Elapsed.TotalSeconds;
    double[] annealedWeights = annealed.Weights(annealed.BestPath);
    double annealedLoss = new Backpropagation<ResidualFlow8>(training).Evaluate(annealedWeights, new double[annealedWeights.Length]);
    double annealedHeldOut = NetworkForward<ResidualFlow8>.RootMeanSquareError(annealedWeights, heldOut);

    // 3. Convergence in the number of steps at fixed T: the trained weights, integrated with 1 … 256 steps per layer.
    Convergence convergence = Convergence.Measure(bestAdjoint.Weights, heldOut, layers, horizon);

    // 4. x(τ) and p(τ) of one held-out example (p from p(T) = −R_m(x(T) − y), R_m = 2).
    var adjoint = new AdjointGradient<TanhFlow>(ExplicitRule.RungeKutta4, layers, horizon / (layers * 16), stepsPerLayer: 16);
    var target = heldOut.Target(0).ToArray();
    adjoint.Evaluate(heldOut.Input(0), bestAdjoint.Weights, new[] { 0, 1, 2, 3 }, target, 2.0, new double[loss.Dimension], new double[width]);

    DeepestPlots.StateAndMomentum(Path.Combine(outDir, "x-and-p.png"), adjoint, horizon);
    DeepestPlots.Convergence(Path.Combine(outDir, "error-vs-layers.png"), convergence);
    Plots.NetworkActionLevels(Path.Combine(outDir, "action-levels.png"), "Precision annealing of the same network (Euler form): action levels", annealed.Levels, 0, "");
    DeepestSummary.Write(Path.Combine(outDir, "summary.json"), layers, horizon, sigma, training.Count, heldOut.Count,
        adjointRuns.Select(r => (r.Loss, r.HeldOut, r.Iterations)).ToList(), adjointSeconds,
        annealed, annealedLoss, annealedHeldOut, annealingSeconds, convergence);

    var table = new Table().Title($"Continuous-depth network, K = {layers} layers on [[0, {horizon}]] ({training.Count} pairs, σ = {sigma})");
    table.AddColumns("route", "best training loss", "held-out RMSE", "wall time");
    table.AddRow("adjoint (p backwards, RK4 ×4 per layer, L-BFGS)", $"{bestAdjoint.Loss:G4}", $"{bestAdjoint.HeldOut:G4}", $"{adjointSeconds:F1} s");
    table.AddRow("precision annealing (Euler form, L-BFGS-B per β)", $"{annealedLoss:G4}", $"{annealedHeldOut:G4}", $"{annealingSeconds:F1} s");
    AnsiConsole.Write(table);
    var orders = new Table().Title("Error vs step h = T/(K·n) of the trained network (held-out inputs, reference RK4 n = 1024)");
    orders.AddColumns("steps per layer n", "h", "forward Euler", "RK4");
    for (int i = 0; i < convergence.StepsPerLayer.Length; i++)
        orders.AddRow($"{convergence.StepsPerLayer[i]}", $"{convergence.H[i]:G3}", $"{convergence.EulerError[i]:E2}", $"{convergence.Rk4Error[i]:E2}");
    AnsiConsole.Write(orders);
    AnsiConsole.MarkupLineInterpolated($"observed order: forward Euler [green]{convergence.EulerSlope:F2}[/], RK4 [green]{convergence.Rk4Slope:F2}[/] (fitted log–log slopes)");
    AnsiConsole.MarkupLineInterpolated($"outputs in [blue]{outDir}[/]: summary.json, x-and-p.png, error-vs-layers.png, action-levels.png");
    return 0;
}
