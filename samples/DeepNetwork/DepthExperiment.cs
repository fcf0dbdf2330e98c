using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DeepestLearning.Cli;
using DeepestLearning;
using DeepestLearning.SampleModels;
using DeepestLearning.Samples;

namespace DeepNetworkSample;

/// <summary>
/// Deeper is finer time resolution: the time-T flow of dx/dt = tanh(A x + b) (width 4) learned by
/// residual networks x + h·tanh(W x + b) with L = 2, 4, 8, 16, 32 layers, h = T/L; held-out error vs L.
/// </summary>
public static class DepthExperiment
{
    public const double Sigma = 0.001;
    public static readonly int[] Depths = { 2, 4, 8, 16, 32 };

    /// <summary>Training pairs: 4 measured outputs each, 1600 values against at most 640 weights (L = 32).</summary>
    public const int Pairs = 400;

    public static void Run(ExperimentSettings s, Action<string> log)
    {
        Directory.CreateDirectory(s.OutDir);
        var random = new Random(s.Seed + 100);
        const int n = ResidualFlow.Width;
        var (a, b) = FlowTarget.Draw(n, 1.2, random);
        TrainingPairs training = FlowTarget.Pairs(a, b, ResidualFlow.Horizon, Pairs, Sigma, random);
        TrainingPairs heldOut = FlowTarget.Pairs(a, b, ResidualFlow.Horizon, 1000, 0.0, random);

        double rm = 1 / (Sigma * Sigma);
        // R_f from 10⁻⁶·R_m (the states sit on the data) to 10⁶·R_m (the hard-constraint limit); each β
        // gets at most 2000 L-BFGS-B iterations, the warm start carries the rest to the next β. The
        // inputs are pinned to the data, as backpropagation takes them, and the weights bounded (|w| ≤ 5).
        var annealing = new NetworkAnnealingOptions
        {
            Rf0 = s.Rf0 ?? 1e-6 * rm, Alpha = 2.0, BetaMax = s.BetaMax ?? 40, Paths = s.Paths, Seed = s.Seed, Threads = s.Threads, Minimizer = s.MinimizerWith(new LbfgsBOptions { MaxIterations = 2000, MaxEvaluations = 2500 }), InitialWeightRange = 0.5, WeightBound = 5, PinInputs = true,
        };
        var adam = new AdamOptions { LearningRate = 1e-2, MaxIterations = 20000 };
        var comparisons = new List<(string, Comparison)>();
        Comparison Train<TNet>() where TNet : ILayeredNetwork<TNet> =>
            MethodComparison.Run<TNet>($"L = {TNet.LayerCount}", training, heldOut, rm, rm, annealing, adam, new LbfgsBOptions(), log);
        foreach (Comparison c in new[] { Train<ResidualFlow2>(), Train<ResidualFlow4>(), Train<ResidualFlow8>(), Train<ResidualFlow16>(), Train<ResidualFlow32>() })
        {
            comparisons.Add((c.Network, c));
            ComparisonTable.Print($"Depth {c.Network} (h = {ResidualFlow.Horizon}/{c.Network[4..]})", c);
        }

        var errors = Comparison.Methods.ToDictionary(m => m, m => comparisons.Select(p => p.Item2.Best(m).HeldOutRmse).ToArray());
        ExperimentOutput.WriteJson(Path.Combine(s.OutDir, "summary.json"), json =>
        {
            json.WriteString("experiment", "depth");
            json.WriteString("target", "time-T flow of dx/dt = tanh(A x + b), width 4, RK4 with 2000 steps");
            json.WriteNumber("horizon", ResidualFlow.Horizon);
            json.WriteNumber("trainingPairs", training.Count);
            json.WriteNumber("heldOutPairs", heldOut.Count);
            json.WriteNumber("noise", Sigma);
            json.WriteStartArray("depths");
            for (int d = 0; d < Depths.Length; d++)
            {
                json.WriteStartObject();
                json.WriteNumber("layers", Depths[d]);
                json.WriteNumber("h", ResidualFlow.Horizon / Depths[d]);
                ExperimentOutput.WriteComparison(json, comparisons[d].Item2);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
        ExperimentOutput.WriteResults(Path.Combine(s.OutDir, "results.csv"), comparisons);
        NetworkPlots.ErrorVsDepth(Path.Combine(s.OutDir, "error-vs-depth.png"), Depths, errors, Sigma);
        Plots.NetworkActionLevels(Path.Combine(s.OutDir, "action-levels-L32.png"), "Depth L = 32: action levels", comparisons[^1].Item2.Levels, 0.5 * training.Count * 2 * n, "noise level");
    }
}
