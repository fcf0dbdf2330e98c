using System;

namespace DeepestLearning;

/// <summary>The forward pass x(l+1) = f_l(x(l), W(l)) from an input, and prediction errors on held-out pairs.</summary>
public static class NetworkForward<TNet> where TNet : ILayeredNetwork<TNet>
{
    /// <summary>Fills <paramref name="states"/> (Σ_l n_l values, x(0) … x(L)) from <paramref name="input"/>. Allocates nothing.</summary>
    public static void Run(ReadOnlySpan<double> weights, ReadOnlySpan<double> input, Span<double> states)
    {
        ModelArguments.RequireLength(weights.Length, NetworkLayout<TNet>.WeightCount, nameof(weights));
        ModelArguments.RequireLength(input.Length, TNet.InputWidth, nameof(input));
        ModelArguments.RequireLength(states.Length, NetworkLayout<TNet>.StatesPerExample, nameof(states));
        input.Slice(0, TNet.InputWidth).CopyTo(states);
        for (int l = 0; l < TNet.LayerCount; l++)
            TNet.Forward(l, NetworkLayout<TNet>.Layer(states, l), NetworkLayout<TNet>.Weights(weights, l), NetworkLayout<TNet>.MutableLayer(states, l + 1));
    }

    /// <summary>Writes the output layer x(L) for <paramref name="input"/>; <paramref name="scratch"/> holds Σ_l n_l values.</summary>
    public static void Predict(ReadOnlySpan<double> weights, ReadOnlySpan<double> input, Span<double> output, Span<double> scratch)
    {
        ModelArguments.RequireLength(output.Length, TNet.OutputWidth, nameof(output));
        Run(weights, input, scratch);
        NetworkLayout<TNet>.Layer(scratch, TNet.LayerCount).CopyTo(output);
    }

    /// <summary>Root-mean-square error of the measured output components over every pair, forward pass with <paramref name="weights"/>.</summary>
    public static double RootMeanSquareError(ReadOnlySpan<double> weights, TrainingPairs pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var states = new double[NetworkLayout<TNet>.StatesPerExample];
        int outputOffset = NetworkLayout<TNet>.StateOffset(TNet.LayerCount);
        double sum = 0.0;
        for (int k = 0; k < pairs.Count; k++)
        {
            Run(weights, pairs.Input(k), states);
            ReadOnlySpan<double> target = pairs.Target(k);
            foreach (int i in pairs.MeasuredOutputs)
            {
                double e = states[outputOffset + i] - target[i];
                sum += e * e;
            }
        }
        return Math.Sqrt(sum / (pairs.Count * pairs.MeasuredOutputs.Length));
    }
}
