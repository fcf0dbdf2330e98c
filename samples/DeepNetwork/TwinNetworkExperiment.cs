using System;
using System.IO;
using DeepestLearning.Cli;
using DeepestLearning;
using DeepestLearning.Samples;
using DeepestLearning.SampleModels;

namespace DeepNetworkSample;

/// <summary>
/// Twin network: data from a 100-layer, 10-neuron sigmoid network (weights U(−0.1, 0.1), zero biases,
/// standardized Gaussian inputs, σ = 0.005 on inputs and outputs), fitted by a 20-layer, 10-neuron
/// network from a few pairs; annealing against backpropagation from the same starts. --teacher-scale
/// changes the weight range (0.1 is the paper's); --teacher same20 draws the data from a network of the
/// student's own architecture (20 layers), whose output still depends on its input.
/// </summary>
public static class TwinNetworkExperiment
{
    public const double Sigma = 0.005;

    public static Comparison Run(ExperimentSettings s, int pairs, double teacherScale, string teacherName, Action<string> log) => teacherName switch
    {
        "deep100" => Run<SigmoidTeacher100>(s, pairs, teacherScale, "100 dense sigmoid layers of 10", log),
        "same20" => Run<SigmoidStudent20>(s, pairs, teacherScale, "20 dense sigmoid layers of 10 (the student's architecture)", log),
        _ => throw new ArgumentException($"unknown teacher '{teacherName}': use deep100 or same20.", "teacher"),
    };

    private static Comparison Run<TTeacher>(ExperimentSettings s, int pairs, double teacherScale, string teacherDescription, Action<string> log) where TTeacher : ILayeredNetwork<TTeacher>
    {
        Directory.CreateDirectory(s.OutDir);
        var random = new Random(s.Seed);
        var teacher = new double[NetworkLayout<TTeacher>.WeightCount];
        for (int l = 0; l < TTeacher.LayerCount; l++)
        {
            Span<double> w = NetworkLayout<TTeacher>.MutableWeights(teacher, l);
            for (int j = 0; j < 10; j++)
                for (int k = 0; k < 11; k++) w[j * 11 + k] = k == 10 ? 0.0 : teacherScale * (2 * random.NextDouble() - 1); // bias b_j = 0
        }
        TrainingPairs training = DataSets.FromTeacher<TTeacher>(teacher, pairs, Sigma, random);
        TrainingPairs heldOut = DataSets.FromTeacher<TTeacher>(teacher, 1000, 0.0, random);

        // How much the teacher's output depends on its input at all: the spread of each output
        // component over the held-out inputs (RMS over components). A deep contracting network forgets
        // its input; when this spread is below σ the pairs carry no information about the inputs.
        double spread = OutputSpread(heldOut);
        log($"twin: teacher output spread over inputs {spread:G3} (noise σ = {Sigma})");

        double rm = 1 / (Sigma * Sigma);
        // R_f from 10⁻⁶·R_m (the states sit on the data) to 10⁶·R_m (the hard-constraint limit).
        var annealing = new NetworkAnnealingOptions
        {
            Rf0 = s.Rf0 ?? 1e-6 * rm, Alpha = 2.0, BetaMax = s.BetaMax ?? 40, Paths = s.Paths, Seed = s.Seed, Threads = s.Threads, Minimizer = s.MinimizerWith(new LbfgsBOptions { MaxIterations = 2000, MaxEvaluations = 2500 }), InitialWeightRange = 0.1,
        };
        Comparison c = MethodComparison.Run<SigmoidStudent20>("twin (20-layer student of a 100-layer teacher)", training, heldOut, rm, rm, annealing,
            new AdamOptions { LearningRate = 1e-3, MaxIterations = 20000 }, new LbfgsBOptions(), log);

        // χ² level: every measured component (10 in, 10 out per pair) has variance σ²; R_m = 1/σ².
        double noiseLevel = 0.5 * pairs * 20;
        ExperimentOutput.WriteJson(Path.Combine(s.OutDir, "summary.json"), json =>
        {
            json.WriteString("experiment", "twin");
            json.WriteString("teacher", $"{teacherDescription}, weights U(-{teacherScale}, {teacherScale}), zero biases");
            json.WriteNumber("teacherWeightScale", teacherScale);
            json.WriteNumber("teacherOutputSpread", spread);
            json.WriteNumber("trainingPairs", pairs);
            json.WriteNumber("heldOutPairs", heldOut.Count);
            json.WriteNumber("noise", Sigma);
            json.WriteNumber("measurementLevelAtNoise", noiseLevel);
            json.WriteNumber("rf0", annealing.Rf0);
            json.WriteNumber("alpha", annealing.Alpha);
            json.WriteNumber("betaMax", annealing.BetaMax);
            ExperimentOutput.WriteComparison(json, c);
        });
        ExperimentOutput.WriteResults(Path.Combine(s.OutDir, "results.csv"), new[] { ("twin", c) });
        ExperimentOutput.WriteLevels(Path.Combine(s.OutDir, "levels.csv"), c.Levels);
        Plots.NetworkActionLevels(Path.Combine(s.OutDir, "action-levels.png"), $"Twin network: action levels, {s.Paths} starts, M = {pairs}", c.Levels, noiseLevel, "noise level");
        ComparisonTable.Print($"Twin network (M = {pairs}, σ = {Sigma}, held-out {heldOut.Count})", c);
        return c;
    }

    private static double OutputSpread(TrainingPairs pairs)
    {
        double sum = 0;
        for (int i = 0; i < pairs.OutputWidth; i++)
        {
            double mean = 0, square = 0;
            for (int k = 0; k < pairs.Count; k++) mean += pairs.Target(k)[i] / pairs.Count;
            for (int k = 0; k < pairs.Count; k++) square += (pairs.Target(k)[i] - mean) * (pairs.Target(k)[i] - mean) / pairs.Count;
            sum += square / pairs.OutputWidth;
        }
        return Math.Sqrt(sum);
    }
}
