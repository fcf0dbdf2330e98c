using System;

namespace DeepestLearning;

/// <summary>
/// Where things live for a network type, computed once per type: the widths n_l, the offset of
/// layer l inside one example's packed states x(0) … x(L), and the offset of layer l's weights
/// inside the packed weight vector W(0) … W(L−1).
/// </summary>
public static class NetworkLayout<TNet> where TNet : ILayeredNetwork<TNet>
{
    private static readonly int[] s_stateOffset = BuildStateOffsets();
    private static readonly int[] s_weightOffset = BuildWeightOffsets();

    /// <summary>Σ_l n_l: the states of one example, x(0) through x(L).</summary>
    public static int StatesPerExample => s_stateOffset[^1];

    /// <summary>Σ_l K_l: every weight and bias of the network.</summary>
    public static int WeightCount => s_weightOffset[^1];

    /// <summary>The widest layer (scratch size for one layer).</summary>
    public static int MaxWidth { get; } = ComputeMaxWidth();

    /// <summary>Offset of x(l) within one example's states.</summary>
    public static int StateOffset(int layer) => s_stateOffset[layer];

    /// <summary>Offset of W(l) within the packed weights.</summary>
    public static int WeightOffset(int layer) => s_weightOffset[layer];

    /// <summary>Layer l's weights inside a packed weight vector.</summary>
    public static ReadOnlySpan<double> Weights(ReadOnlySpan<double> weights, int layer) =>
        weights.Slice(s_weightOffset[layer], s_weightOffset[layer + 1] - s_weightOffset[layer]);

    /// <summary>Layer l's weights inside a packed weight vector (or its gradient), writable.</summary>
    public static Span<double> MutableWeights(Span<double> weights, int layer) =>
        weights.Slice(s_weightOffset[layer], s_weightOffset[layer + 1] - s_weightOffset[layer]);

    /// <summary>Layer x(l) inside one example's states.</summary>
    public static ReadOnlySpan<double> Layer(ReadOnlySpan<double> example, int layer) => example.Slice(s_stateOffset[layer], TNet.LayerWidth(layer));

    /// <summary>Layer x(l) inside one example's states (or their gradient), writable.</summary>
    public static Span<double> MutableLayer(Span<double> example, int layer) => example.Slice(s_stateOffset[layer], TNet.LayerWidth(layer));

    private static int[] BuildStateOffsets()
    {
        var offsets = new int[TNet.LayerCount + 2];
        for (int l = 0; l <= TNet.LayerCount; l++) offsets[l + 1] = offsets[l] + TNet.LayerWidth(l);
        return offsets;
    }

    private static int[] BuildWeightOffsets()
    {
        var offsets = new int[TNet.LayerCount + 1];
        for (int l = 0; l < TNet.LayerCount; l++) offsets[l + 1] = offsets[l] + TNet.WeightCount(l);
        return offsets;
    }

    private static int ComputeMaxWidth()
    {
        int max = 0;
        for (int l = 0; l <= TNet.LayerCount; l++) max = Math.Max(max, TNet.LayerWidth(l));
        return max;
    }
}
