using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>
/// The exact Hessian of <see cref="NetworkAction{TNet}"/> as a lower-triangle CSR matrix over the packed
/// variables (states example by example, then the weights). Per example k and layer l, with
/// r = x(l+1) − f_l(x(l), W(l)) and A = [−∂f/∂x, I, −∂f/∂W] over (x(l), x(l+1), W(l)):
/// <code>R_f·AᵀA  +  Σ_j (−R_f r_j) ∇²f_j   (the second term over (x(l), W(l)) only)</code>
/// plus R_in and R_out on the diagonal of measured input and output components. The pattern is built
/// once from the generated layer patterns; every (example, layer) contribution lands at positions
/// base + k·stride (examples have identical structure), so evaluation allocates nothing.
/// In <see cref="EliminationOrder"/> the states form a block band per example and the weights the border.
/// </summary>
public sealed class NetworkActionHessian<TNet> where TNet : ILayeredNetwork<TNet>
{
    private readonly NetworkAction<TNet> _action;
    private readonly LayerStructure[] _layers;
    private readonly int[] _inputDiagonal, _outputDiagonal; // positions for example 0, per measured component
    private readonly int _inputStride, _outputStride;
    private readonly double[] _jacobian, _second, _residual, _local;

    internal NetworkActionHessian(NetworkAction<TNet> action)
    {
        _action = action;
        int m = action.Pairs.Count, s = action.StatesPerExample, n = action.Dimension, layers = TNet.LayerCount;
        _layers = new LayerStructure[layers];
        for (int l = 0; l < layers; l++) _layers[l] = new LayerStructure(l);

        // Rows of the global pattern: every local entry of every (example, layer), every diagonal.
        var rows = new List<int>[n];
        for (int i = 0; i < n; i++) rows[i] = new List<int> { i };
        for (int k = 0; k < m; k++)
            for (int l = 0; l < layers; l++)
                foreach (var (row, column) in _layers[l].Entries)
                    rows[Global(k, l, row)].Add(Global(k, l, column));
        var rowStart = new int[n + 1];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            rows[i].Sort();
            int previous = -1;
            foreach (int c in rows[i])
                if (c != previous) { columns.Add(c); previous = c; }
            rowStart[i + 1] = columns.Count;
        }
        Pattern = new SparsityPattern(n, n, rowStart, columns.ToArray());

        for (int l = 0; l < layers; l++) _layers[l].Place(Pattern, this, l, m);
        _inputDiagonal = Array.ConvertAll(action.Pairs.MeasuredInputs, i => Pattern.IndexOf(i, i));
        int outputOffset = NetworkLayout<TNet>.StateOffset(layers);
        _outputDiagonal = Array.ConvertAll(action.Pairs.MeasuredOutputs, i => Pattern.IndexOf(outputOffset + i, outputOffset + i));
        _inputStride = m > 1 ? Pattern.IndexOf(s, s) - Pattern.IndexOf(0, 0) : 0;
        _outputStride = m > 1 ? Pattern.IndexOf(s + outputOffset, s + outputOffset) - Pattern.IndexOf(outputOffset, outputOffset) : 0;

        int maxJacobian = 0, maxSecond = 0, maxLocal = 0;
        foreach (LayerStructure layer in _layers)
        {
            maxJacobian = Math.Max(maxJacobian, TNet.JacobianPattern(layer.Layer).NonZeroCount);
            maxSecond = Math.Max(maxSecond, TNet.SecondDerivativePattern(layer.Layer).NonZeroCount);
            maxLocal = Math.Max(maxLocal, layer.Entries.Count);
        }
        _jacobian = new double[maxJacobian];
        _second = new double[maxSecond];
        _residual = new double[NetworkLayout<TNet>.MaxWidth];
        _local = new double[maxLocal];
    }

    /// <summary>Lower-triangle CSR pattern of the network action's Hessian over the packed variables, structurally exact.</summary>
    public SparsityPattern Pattern { get; }

    /// <summary>States example by example (each a block band over its layers), then the weights (the border).</summary>
    public int[] EliminationOrder()
    {
        var order = new int[_action.Dimension];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        return order;
    }

    /// <summary>The number of weights: the dense border after the examples' state blocks.</summary>
    public int BorderCount => _action.Dimension - _action.WeightOffset;

    /// <summary>Writes ∇²A at <paramref name="z"/> in <see cref="Pattern"/> order. Allocates nothing.</summary>
    public void Evaluate(ReadOnlySpan<double> z, Span<double> values)
    {
        ModelArguments.RequireExactLength(z.Length, _action.Dimension, nameof(z));
        ModelArguments.RequireExactLength(values.Length, Pattern.NonZeroCount, nameof(values));
        values.Clear();
        double rf = _action.ModelPrecision;
        ReadOnlySpan<double> weights = _action.Weights(z);
        for (int k = 0; k < _action.Pairs.Count; k++)
        {
            ReadOnlySpan<double> example = _action.Example(z, k);
            for (int c = 0; c < _inputDiagonal.Length; c++) values[_inputDiagonal[c] + k * _inputStride] += _action.InputPrecision;
            for (int c = 0; c < _outputDiagonal.Length; c++) values[_outputDiagonal[c] + k * _outputStride] += _action.OutputPrecision;
            for (int l = 0; l < _layers.Length; l++)
            {
                LayerStructure layer = _layers[l];
                ReadOnlySpan<double> x = NetworkLayout<TNet>.Layer(example, l);
                ReadOnlySpan<double> next = NetworkLayout<TNet>.Layer(example, l + 1);
                ReadOnlySpan<double> w = NetworkLayout<TNet>.Weights(weights, l);
                int nNext = next.Length;
                Span<double> v = _residual.AsSpan(0, nNext);
                TNet.Forward(l, x, w, v);
                for (int j = 0; j < nNext; j++) v[j] = -rf * (next[j] - v[j]); // −R_f r
                Span<double> jacobian = _jacobian.AsSpan(0, layer.JacobianCount);
                TNet.Jacobian(l, x, w, jacobian);
                Span<double> second = _second.AsSpan(0, layer.SecondCount);
                TNet.SecondDerivativeContraction(l, x, w, v, second);

                Span<double> local = _local.AsSpan(0, layer.Entries.Count);
                local.Clear();
                foreach (var (a, b, entry) in layer.Products) local[entry] += rf * jacobian[a] * jacobian[b];
                foreach (var (a, entry) in layer.IdentityProducts) local[entry] -= rf * jacobian[a];
                foreach (int entry in layer.IdentityDiagonal) local[entry] += rf;
                for (int e = 0; e < layer.SecondCount; e++) local[layer.SecondEntry[e]] += second[e];
                for (int e = 0; e < local.Length; e++) values[layer.Position[e] + k * layer.Stride[e]] += local[e];
            }
        }
    }

    private int Global(int example, int layer, int local)
    {
        int nIn = TNet.LayerWidth(layer), nOut = TNet.LayerWidth(layer + 1);
        int stateBase = example * _action.StatesPerExample + NetworkLayout<TNet>.StateOffset(layer);
        return local < nIn + nOut ? stateBase + local : _action.WeightOffset + NetworkLayout<TNet>.WeightOffset(layer) + local - nIn - nOut;
    }

    /// <summary>
    /// One layer's local Hessian structure over u = (x(l), x(l+1), W(l)) — an order that agrees with the
    /// global one — and the recipe that assembles its values from the generated Jacobian and
    /// second-derivative contraction.
    /// </summary>
    private sealed class LayerStructure
    {
        public LayerStructure(int layer)
        {
            Layer = layer;
            int nIn = TNet.LayerWidth(layer), nOut = TNet.LayerWidth(layer + 1);
            SparsityPattern jp = TNet.JacobianPattern(layer), sp = TNet.SecondDerivativePattern(layer);
            JacobianCount = jp.NonZeroCount;
            SecondCount = sp.NonZeroCount;
            // (x, w) column c of the generated patterns → local index: x stays, w moves past x(l+1).
            int Local(int c) => c < nIn ? c : c + nOut;
            var ids = new Dictionary<(int, int), int>();
            int Id(int r, int c)
            {
                if (r < c) (r, c) = (c, r);
                if (!ids.TryGetValue((r, c), out int id)) { id = ids.Count; ids[(r, c)] = id; Entries.Add((r, c)); }
                return id;
            }
            for (int j = 0; j < nOut; j++)
            {
                int identity = nIn + j;
                IdentityDiagonal.Add(Id(identity, identity));
                for (int e1 = jp.RowStart[j]; e1 < jp.RowStart[j + 1]; e1++)
                {
                    IdentityProducts.Add((e1, Id(identity, Local(jp.ColumnIndex[e1]))));
                    for (int e2 = jp.RowStart[j]; e2 <= e1; e2++) // each unordered pair once: the lower triangle
                        Products.Add((e1, e2, Id(Local(jp.ColumnIndex[e1]), Local(jp.ColumnIndex[e2]))));
                }
            }
            SecondEntry = new int[SecondCount];
            for (int r = 0; r < sp.RowCount; r++)
                for (int e = sp.RowStart[r]; e < sp.RowStart[r + 1]; e++) SecondEntry[e] = Id(Local(r), Local(sp.ColumnIndex[e]));
        }

        public int Layer { get; }
        public int JacobianCount { get; }
        public int SecondCount { get; }
        public List<(int Row, int Column)> Entries { get; } = new();
        public List<(int A, int B, int Entry)> Products { get; } = new();
        public List<(int A, int Entry)> IdentityProducts { get; } = new();
        public List<int> IdentityDiagonal { get; } = new();
        public int[] SecondEntry { get; }
        public int[] Position { get; private set; } = Array.Empty<int>();
        public int[] Stride { get; private set; } = Array.Empty<int>();

        /// <summary>Global positions for example 0 and the per-example stride; checked on the last example.</summary>
        public void Place(SparsityPattern pattern, NetworkActionHessian<TNet> owner, int layer, int examples)
        {
            Position = new int[Entries.Count];
            Stride = new int[Entries.Count];
            for (int e = 0; e < Entries.Count; e++)
            {
                var (r, c) = Entries[e];
                Position[e] = pattern.IndexOf(owner.Global(0, layer, r), owner.Global(0, layer, c));
                if (examples > 1) Stride[e] = pattern.IndexOf(owner.Global(1, layer, r), owner.Global(1, layer, c)) - Position[e];
                int last = examples - 1;
                if (Position[e] < 0 || pattern.IndexOf(owner.Global(last, layer, r), owner.Global(last, layer, c)) != Position[e] + last * Stride[e])
                    throw new InvalidOperationException($"internal error: layer {layer} entry ({r}, {c}) does not repeat across examples.");
            }
        }
    }
}
