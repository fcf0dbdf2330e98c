using System;

namespace DeepestLearning;

/// <summary>
/// M training pairs (input u_k, target y_k) and which components of the input and output layers are
/// measured (docs/design.md §1.3). Inputs are M × n_0 row-major, targets M × n_L row-major; an unmeasured
/// component's entry is ignored (a padded input of a residual network, say, measures only its first two).
/// </summary>
public sealed class TrainingPairs
{
    /// <summary>M pairs of (input, target), with the measured components of each side.</summary>
    /// <param name="inputWidth">n_0, the width of an input row.</param>
    /// <param name="outputWidth">n_L, the width of a target row.</param>
    /// <param name="inputs">M × n_0 values, row-major.</param>
    /// <param name="targets">M × n_L values, row-major (the same M).</param>
    /// <param name="measuredInputs">The measured input components, strictly increasing (null: all).</param>
    /// <param name="measuredOutputs">The measured output components, strictly increasing (null: all).</param>
    /// <exception cref="ArgumentOutOfRangeException">A width is below 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> or <paramref name="targets"/> is null.</exception>
    /// <exception cref="ArgumentException">The arrays do not hold whole rows of the same M, a value is not finite, or a component list is empty, unsorted or out of range.</exception>
    public TrainingPairs(int inputWidth, int outputWidth, double[] inputs, double[] targets, int[]? measuredInputs = null, int[]? measuredOutputs = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Length == 0 || inputs.Length % inputWidth != 0)
            throw new ArgumentException($"inputs must hold M rows of {inputWidth} values (it has {inputs.Length}).", nameof(inputs));
        int m = inputs.Length / inputWidth;
        if (targets.Length != m * outputWidth)
            throw new ArgumentException($"targets must hold M = {m} rows of {outputWidth} values (it has {targets.Length}).", nameof(targets));
        MeasuredInputs = CheckComponents(measuredInputs, inputWidth, nameof(measuredInputs));
        MeasuredOutputs = CheckComponents(measuredOutputs, outputWidth, nameof(measuredOutputs));
        for (int k = 0; k < m; k++)
        {
            foreach (int i in MeasuredInputs)
                if (!double.IsFinite(inputs[k * inputWidth + i])) throw new ArgumentException($"inputs[{k}, {i}] = {inputs[k * inputWidth + i]} is not finite.", nameof(inputs));
            foreach (int i in MeasuredOutputs)
                if (!double.IsFinite(targets[k * outputWidth + i])) throw new ArgumentException($"targets[{k}, {i}] = {targets[k * outputWidth + i]} is not finite.", nameof(targets));
        }
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        Count = m;
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>M, the number of pairs.</summary>
    public int Count { get; }
    /// <summary>n_0, the width of each input.</summary>
    public int InputWidth { get; }
    /// <summary>n_L, the width of each target.</summary>
    public int OutputWidth { get; }
    /// <summary>All inputs, M × n_0 row-major.</summary>
    public double[] Inputs { get; }
    /// <summary>All targets, M × n_L row-major.</summary>
    public double[] Targets { get; }
    /// <summary>The input components that are measured; the others are ignored.</summary>
    public int[] MeasuredInputs { get; }
    /// <summary>The output components that are measured; the others are ignored.</summary>
    public int[] MeasuredOutputs { get; }

    /// <summary>Pair k's input row (n_0 values).</summary>
    public ReadOnlySpan<double> Input(int k) => Inputs.AsSpan(k * InputWidth, InputWidth);
    /// <summary>Pair k's target row (n_L values).</summary>
    public ReadOnlySpan<double> Target(int k) => Targets.AsSpan(k * OutputWidth, OutputWidth);

    /// <summary>Pairs k ∈ [start, start + count) as a new set with the same measured components.</summary>
    public TrainingPairs Slice(int start, int count) => new(InputWidth, OutputWidth,
        Inputs.AsSpan(start * InputWidth, count * InputWidth).ToArray(), Targets.AsSpan(start * OutputWidth, count * OutputWidth).ToArray(),
        MeasuredInputs, MeasuredOutputs);

    private static int[] CheckComponents(int[]? components, int width, string name)
    {
        if (components is null)
        {
            var all = new int[width];
            for (int i = 0; i < width; i++) all[i] = i;
            return all;
        }
        if (components.Length == 0) throw new ArgumentException("at least one component must be measured.", name);
        for (int c = 0; c < components.Length; c++)
        {
            if ((uint)components[c] >= (uint)width) throw new ArgumentException($"component {components[c]} lies outside 0 … {width - 1}.", name);
            if (c > 0 && components[c] <= components[c - 1]) throw new ArgumentException("components must be strictly increasing.", name);
        }
        return (int[])components.Clone();
    }
}
