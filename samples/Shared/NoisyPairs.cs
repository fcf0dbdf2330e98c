using System;

namespace DeepestLearning.Samples;

/// <summary>
/// Twin training pairs: standardized Gaussian inputs, the target map applied to the clean input, then
/// Gaussian noise σ on the outputs and on the inputs (σ = 0 for a clean held-out set). One draw order
/// for every sample, so a seed gives the same pairs wherever they are made.
/// </summary>
public static class NoisyPairs
{
    /// <param name="map">Writes the clean output for a clean input.</param>
    public static TrainingPairs Draw(int inputWidth, int outputWidth, int count, double sigma, Random random, Action<ReadOnlySpan<double>, Span<double>> map)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(map);
        var inputs = new double[count * inputWidth];
        var targets = new double[count * outputWidth];
        for (int k = 0; k < count; k++)
        {
            Span<double> input = inputs.AsSpan(k * inputWidth, inputWidth), target = targets.AsSpan(k * outputWidth, outputWidth);
            for (int i = 0; i < inputWidth; i++) input[i] = TwinExperiment.Gaussian(random);
            map(input, target);
            for (int i = 0; i < outputWidth; i++) target[i] += sigma * TwinExperiment.Gaussian(random);
            for (int i = 0; i < inputWidth; i++) input[i] += sigma * TwinExperiment.Gaussian(random);
        }
        return new TrainingPairs(inputWidth, outputWidth, inputs, targets);
    }
}
