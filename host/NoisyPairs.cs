using System;

namespace DeepestLearning.Cli;

/// <summary>
/// Twin training pairs: standardized Gaussian inputs, the target map applied to the clean input, then
/// Gaussian noise σ on the outputs and on the inputs (σ = 0 for a clean held-out set). One draw order
/// for every sample, so a seed gives the same pairs wherever they are made.
/// </summary>
public static class NoisyPairs
{
    /// <summary><paramref name="count"/> noisy pairs of <paramref name="map"/>: Gaussian inputs, outputs mapped from the clean inputs, then noise σ on both.</summary>
    /// <param name="inputWidth">Values per input.</param>
    /// <param name="outputWidth">Values per output.</param>
    /// <param name="count">Number of pairs.</param>
    /// <param name="sigma">Noise σ on inputs and outputs (0 for a clean held-out set).</param>
    /// <param name="random">The one generator every value is drawn from, in a fixed order.</param>
    /// <param name="map">Writes the clean output for a clean input.</param>
    public static TrainingPairs Draw(int inputWidth, int outputWidth, int count, double sigma, Random random, PairMap map)
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

/// <summary>Writes the clean output for a clean input (a delegate of its own: net8.0 has no Action over spans).</summary>
/// <param name="input">The clean input.</param>
/// <param name="output">Receives the clean output.</param>
public delegate void PairMap(ReadOnlySpan<double> input, Span<double> output);
