using System;
using System.IO;
using DeepestLearning.Cli;
using DeepestLearning;
using DeepestLearning.Samples;
using DeepestLearning.SampleModels;

namespace DeepNetworkSample;

/// <summary>
/// Two spirals: a residual tanh network (width 6, 12 layers) classifies points of two interleaved
/// spirals; the class is the sign of output component 0, the only measured output.
/// </summary>
public static class SpiralsExperiment
{
    public static void Run(ExperimentSettings s, Action<string> log)
    {
        Directory.CreateDirectory(s.OutDir);
        var random = new Random(s.Seed + 200);
        const double noise = 0.02;
        TrainingPairs training = DataSets.TwoSpirals(200, noise, SpiralNet.Width, random);
        TrainingPairs heldOut = DataSets.TwoSpirals(1000, noise, SpiralNet.Width, random);

        // Inputs are exact (padded zeros included): annealing pins x(0) to them, and the weights are
        // bounded (|w| ≤ 4) for every method. With free inputs annealing finds paths whose large
        // weights turn a 1e-4 move of x(0) into the label: a tiny action, a useless forward pass.
        // The labels ±1 are fitted with output precision 1/0.1².
        const double rIn = 1e6, rOut = 100;
        var annealing = new NetworkAnnealingOptions
        {
            Rf0 = s.Rf0 ?? 1e-2, Alpha = 2.0, BetaMax = s.BetaMax ?? 32, Paths = s.Paths, Seed = s.Seed, Threads = s.Threads, Minimizer = s.MinimizerWith(new LbfgsBOptions { MaxIterations = 5000, MaxEvaluations = 6000 }), InitialWeightRange = 0.5, WeightBound = 4, PinInputs = true,
        };
        Comparison c = MethodComparison.Run<SpiralNet>("two spirals", training, heldOut, rIn, rOut, annealing,
            new AdamOptions { LearningRate = 1e-2, MaxIterations = 20000 }, new LbfgsBOptions(), log);
        double Accuracy(StartOutcome o) => DataSets.Accuracy<SpiralNet>(o.Weights, heldOut);

        ExperimentOutput.WriteJson(Path.Combine(s.OutDir, "summary.json"), json =>
        {
            json.WriteString("experiment", "spirals");
            json.WriteNumber("trainingPairs", training.Count);
            json.WriteNumber("heldOutPairs", heldOut.Count);
            json.WriteNumber("inputPrecision", rIn);
            json.WriteNumber("outputPrecision", rOut);
            ExperimentOutput.WriteComparison(json, c, Accuracy);
        });
        ExperimentOutput.WriteResults(Path.Combine(s.OutDir, "results.csv"), new[] { ("spirals", c) }, Accuracy);
        ExperimentOutput.WriteLevels(Path.Combine(s.OutDir, "levels.csv"), c.Levels);
        Plots.NetworkActionLevels(Path.Combine(s.OutDir, "action-levels.png"), "Two spirals: action levels", c.Levels, 0, "noise level");
        foreach (string method in new[] { Comparison.Annealing, Comparison.Lbfgs })
        {
            double[] w = c.Best(method).Weights;
            var input = new double[SpiralNet.Width];
            var output = new double[SpiralNet.Width];
            var scratch = new double[NetworkLayout<SpiralNet>.StatesPerExample];
            NetworkPlots.DecisionBoundary(Path.Combine(s.OutDir, $"decision-boundary-{method}.png"), $"Two spirals, {method}: held-out accuracy {Accuracy(c.Best(method)):P1}",
                (x, y) =>
                {
                    input[0] = x;
                    input[1] = y;
                    NetworkForward<SpiralNet>.Predict(w, input, output, scratch);
                    return output[0];
                }, training);
        }
        ComparisonTable.Print($"Two spirals (M = {training.Count}, held-out {heldOut.Count})", c, Accuracy);
    }
}
