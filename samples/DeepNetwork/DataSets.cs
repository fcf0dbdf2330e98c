using System;
using DeepestLearning;
using DeepestLearning.SampleModels;
using DeepestLearning.Cli;
using DeepestLearning.Samples;

namespace DeepNetworkSample;

/// <summary>The experiments' data, generated in code from a seed (no downloads).</summary>
public static class DataSets
{
    /// <summary>
    /// Pairs from a teacher network: standardized Gaussian inputs, the teacher's forward pass, then
    /// Gaussian noise σ on inputs and outputs (σ = 0 for a clean held-out set).
    /// </summary>
    public static TrainingPairs FromTeacher<TTeacher>(double[] teacherWeights, int count, double sigma, Random random) where TTeacher : ILayeredNetwork<TTeacher>
    {
        var states = new double[NetworkLayout<TTeacher>.StatesPerExample];
        return NoisyPairs.Draw(TTeacher.InputWidth, TTeacher.OutputWidth, count, sigma, random,
            (input, output) => NetworkForward<TTeacher>.Predict(teacherWeights, input, output, states));
    }

    /// <summary>
    /// Two interleaved spirals (1.5 turns each, radial noise σ), padded to the network width with zeros;
    /// the target is +1 for one spiral and −1 for the other, on output component 0 only.
    /// </summary>
    public static TrainingPairs TwoSpirals(int count, double noise, int width, Random random)
    {
        var inputs = new double[count * width];
        var targets = new double[count * width];
        for (int k = 0; k < count; k++)
        {
            int label = k % 2;
            double t = random.NextDouble();
            double angle = 1.5 * 2 * Math.PI * t + label * Math.PI;
            double radius = 0.15 + 0.85 * t + noise * TwinExperiment.Gaussian(random);
            inputs[k * width] = radius * Math.Cos(angle);
            inputs[k * width + 1] = radius * Math.Sin(angle);
            targets[k * width] = label == 0 ? 1.0 : -1.0;
        }
        return new TrainingPairs(width, width, inputs, targets, measuredOutputs: new[] { 0 });
    }

    /// <summary>Fraction of pairs whose output component 0 has the sign of the target.</summary>
    public static double Accuracy<TNet>(double[] weights, TrainingPairs pairs) where TNet : ILayeredNetwork<TNet>
    {
        var output = new double[TNet.OutputWidth];
        var scratch = new double[NetworkLayout<TNet>.StatesPerExample];
        int correct = 0;
        for (int k = 0; k < pairs.Count; k++)
        {
            NetworkForward<TNet>.Predict(weights, pairs.Input(k), output, scratch);
            if (Math.Sign(output[0]) == Math.Sign(pairs.Target(k)[0])) correct++;
        }
        return correct / (double)pairs.Count;
    }
}
