using System;

namespace DeepestLearning;

/// <summary>
/// The action of a layered network as a data-assimilation problem (docs/design.md §1.3):
/// <code>
/// A = Σ_k [ R_in/2 Σ_{i∈I} (x_k,i(0) − u_k,i)² + R_out/2 Σ_{i∈O} (x_k,i(L) − y_k,i)² + R_f/2 Σ_l ‖x_k(l+1) − f_l(x_k(l), W(l))‖² ]
/// </code>
/// over the packed variables z = (x_0(0 … L), x_1(0 … L), …, x_{M−1}(0 … L), W(0), …, W(L−1)): every
/// state of every example, then the weights shared by all examples. Value and gradient cost
/// O(M·Σ_l K_l) and allocate nothing; the gradient backpropagates each residual through one layer
/// with the generated vector–Jacobian product. <see cref="ExactHessian"/> gives Newton and IPOPT the exact
/// sparse Hessian.
/// </summary>
public sealed class NetworkAction<TNet> : ISecondOrderObjective, IAnnealedAction where TNet : ILayeredNetwork<TNet>
{
    private readonly double[] _forward, _residual;
    private double _rf = 1.0, _rf0 = 1.0;
    private NetworkActionHessian<TNet>? _hessian;

    /// <summary>The action of <typeparamref name="TNet"/> over <paramref name="pairs"/> with R_f = R_f0 = 1 until set.</summary>
    /// <param name="pairs">Training pairs whose widths match the network's input and output widths.</param>
    /// <param name="inputPrecision">R_in of the measured input components; 0 leaves the inputs free.</param>
    /// <param name="outputPrecision">R_out of the measured output components, positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is null.</exception>
    /// <exception cref="ArgumentException">The widths do not match, or a precision is out of range.</exception>
    public NetworkAction(TrainingPairs pairs, double inputPrecision, double outputPrecision)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.InputWidth != TNet.InputWidth || pairs.OutputWidth != TNet.OutputWidth)
            throw new ArgumentException($"the pairs are {pairs.InputWidth} → {pairs.OutputWidth} but the network is {TNet.InputWidth} → {TNet.OutputWidth}.", nameof(pairs));
        if (!(inputPrecision >= 0) || !double.IsFinite(inputPrecision)) throw new ArgumentException($"inputPrecision = {inputPrecision} must be finite and not negative.", nameof(inputPrecision));
        if (!(outputPrecision > 0) || !double.IsFinite(outputPrecision)) throw new ArgumentException($"outputPrecision = {outputPrecision} must be positive and finite.", nameof(outputPrecision));
        Pairs = pairs;
        InputPrecision = inputPrecision;
        OutputPrecision = outputPrecision;
        StatesPerExample = NetworkLayout<TNet>.StatesPerExample;
        WeightOffset = pairs.Count * StatesPerExample;
        Dimension = WeightOffset + NetworkLayout<TNet>.WeightCount;
        _forward = new double[NetworkLayout<TNet>.MaxWidth];
        _residual = new double[NetworkLayout<TNet>.MaxWidth];
    }

    /// <summary>The training pairs: the measurements at the input and output layers.</summary>
    public TrainingPairs Pairs { get; }
    /// <summary>R_in, the precision of the input-layer measurements.</summary>
    public double InputPrecision { get; }
    /// <summary>R_out, the precision of the output-layer measurements.</summary>
    public double OutputPrecision { get; }

    /// <summary>M · <see cref="StatesPerExample"/> + Σ_l K_l: every state of every example, then the weights.</summary>
    public int Dimension { get; }

    /// <summary>Σ_l n_l, the packed states of one example.</summary>
    public int StatesPerExample { get; }

    /// <summary>Where the weights start in the packed variables (M·Σ_l n_l).</summary>
    public int WeightOffset { get; }

    /// <summary>R_f0, the base that <see cref="SetPrecisionScale"/> multiplies (1 until set).</summary>
    public double BasePrecision
    {
        get => _rf0;
        set
        {
            if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentException($"BasePrecision = {value} must be positive and finite.", nameof(value));
            _rf0 = value;
        }
    }

    /// <summary>R_f = R_f0 · <paramref name="scale"/>.</summary>
    public void SetPrecisionScale(double scale) => ModelPrecision = _rf0 * scale;

    /// <summary>R_f, the precision of the layer maps (annealed).</summary>
    public double ModelPrecision
    {
        get => _rf;
        set
        {
            if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentException($"ModelPrecision = {value} must be positive and finite.", nameof(value));
            _rf = value;
        }
    }

    /// <summary>The measurement term of the last evaluation (input and output layers).</summary>
    public double LastMeasurementTerm { get; private set; }

    /// <summary>The model term R_f/2 Σ‖x(l+1) − f_l‖² of the last evaluation.</summary>
    public double LastModelTerm { get; private set; }

    /// <summary>The exact Hessian, built on first use (its pattern costs memory a first-order minimizer never needs).</summary>
    public NetworkActionHessian<TNet> ExactHessian => _hessian ??= new NetworkActionHessian<TNet>(this);

    /// <summary>Lower-triangle CSR pattern of the action Hessian over the packed variables (built on first use).</summary>
    public SparsityPattern HessianPattern => ExactHessian.Pattern;

    /// <summary>Writes the exact Hessian of the action at <paramref name="z"/>, in <see cref="HessianPattern"/> order, at the current R_f.</summary>
    /// <param name="z">The packed variables.</param>
    /// <param name="values">Receives the values of <see cref="HessianPattern"/>.</param>
    public void Hessian(ReadOnlySpan<double> z, Span<double> values) => ExactHessian.Evaluate(z, values);

    /// <summary>The packed order itself: each example's states form a band block, the weights the border.</summary>
    public int[] EliminationOrder() => ExactHessian.EliminationOrder();

    /// <summary>Σ_l K_l, the number of weights: the dense border of the arrowhead Hessian.</summary>
    public int BorderCount => ExactHessian.BorderCount;

    /// <summary>Example k's states x_k(0 … L) inside the packed variables.</summary>
    public ReadOnlySpan<double> Example(ReadOnlySpan<double> z, int k) => z.Slice(k * StatesPerExample, StatesPerExample);

    /// <summary>The weights inside the packed variables.</summary>
    public ReadOnlySpan<double> Weights(ReadOnlySpan<double> z) => z.Slice(WeightOffset, Dimension - WeightOffset);

    /// <summary>The action at <paramref name="z"/>, without the gradient.</summary>
    public double Value(ReadOnlySpan<double> z) => Evaluate(z, Span<double>.Empty, withGradient: false);

    /// <summary>Returns the action at <paramref name="z"/> and writes its gradient.</summary>
    /// <param name="z">The packed variables.</param>
    /// <param name="gradient">Receives ∇A (<see cref="Dimension"/> entries).</param>
    public double Evaluate(ReadOnlySpan<double> z, Span<double> gradient) => Evaluate(z, gradient, withGradient: true);

    /// <summary>
    /// Packs <paramref name="weights"/> and the states their forward pass gives from each input:
    /// the point where every model residual vanishes (the hard-constraint path).
    /// </summary>
    public void PackForwardPass(ReadOnlySpan<double> weights, Span<double> z)
    {
        ModelArguments.RequireLength(weights.Length, Dimension - WeightOffset, nameof(weights));
        ModelArguments.RequireLength(z.Length, Dimension, nameof(z));
        weights.Slice(0, Dimension - WeightOffset).CopyTo(z.Slice(WeightOffset));
        for (int k = 0; k < Pairs.Count; k++)
            NetworkForward<TNet>.Run(weights, Pairs.Input(k), z.Slice(k * StatesPerExample, StatesPerExample));
    }

    private double Evaluate(ReadOnlySpan<double> z, Span<double> gradient, bool withGradient)
    {
        ModelArguments.RequireLength(z.Length, Dimension, nameof(z));
        if (withGradient)
        {
            ModelArguments.RequireLength(gradient.Length, Dimension, nameof(gradient));
            gradient.Slice(0, Dimension).Clear();
        }
        ReadOnlySpan<double> weights = z.Slice(WeightOffset, Dimension - WeightOffset);
        Span<double> weightGradient = withGradient ? gradient.Slice(WeightOffset, Dimension - WeightOffset) : Span<double>.Empty;
        int layers = TNet.LayerCount, outputOffset = NetworkLayout<TNet>.StateOffset(layers);
        double measurement = 0.0, model = 0.0, rf = _rf;

        for (int k = 0; k < Pairs.Count; k++)
        {
            ReadOnlySpan<double> example = z.Slice(k * StatesPerExample, StatesPerExample);
            Span<double> gExample = withGradient ? gradient.Slice(k * StatesPerExample, StatesPerExample) : Span<double>.Empty;

            ReadOnlySpan<double> input = Pairs.Input(k), target = Pairs.Target(k);
            foreach (int i in Pairs.MeasuredInputs)
            {
                double e = example[i] - input[i];
                measurement += InputPrecision * e * e;
                if (withGradient) gExample[i] += InputPrecision * e;
            }
            foreach (int i in Pairs.MeasuredOutputs)
            {
                double e = example[outputOffset + i] - target[i];
                measurement += OutputPrecision * e * e;
                if (withGradient) gExample[outputOffset + i] += OutputPrecision * e;
            }

            for (int l = 0; l < layers; l++)
            {
                int nNext = TNet.LayerWidth(l + 1);
                ReadOnlySpan<double> x = NetworkLayout<TNet>.Layer(example, l);
                ReadOnlySpan<double> next = NetworkLayout<TNet>.Layer(example, l + 1);
                ReadOnlySpan<double> w = NetworkLayout<TNet>.Weights(weights, l);
                Span<double> f = _forward.AsSpan(0, nNext);
                TNet.Forward(l, x, w, f);
                Span<double> r = _residual.AsSpan(0, nNext);
                for (int j = 0; j < nNext; j++)
                {
                    double e = next[j] - f[j];
                    model += e * e;
                    r[j] = -rf * e; // −R_f r: the weight of the vector–Jacobian product below
                }
                if (!withGradient) continue;
                Span<double> gNext = NetworkLayout<TNet>.MutableLayer(gExample, l + 1);
                for (int j = 0; j < nNext; j++) gNext[j] -= r[j];
                TNet.AccumulateVectorJacobianProduct(l, x, w, r, NetworkLayout<TNet>.MutableLayer(gExample, l), NetworkLayout<TNet>.MutableWeights(weightGradient, l));
            }
        }

        LastMeasurementTerm = 0.5 * measurement;
        LastModelTerm = 0.5 * rf * model;
        return LastMeasurementTerm + LastModelTerm;
    }
}
