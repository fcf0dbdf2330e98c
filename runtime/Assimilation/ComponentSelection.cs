using System;

namespace DeepestLearning;

/// <summary>
/// The default measurement: observation column c is the state component <c>Components[c]</c>, h_l = x_l. Its
/// gradient is R_m (x_l − y_l) at the measured state, its Hessian R_m on the diagonal, its information R_m s sᵀ with
/// s the state's sensitivity. A complete table with one precision per component runs straight over the table;
/// gaps or per-entry precision run over <see cref="MeasurementEntries"/>, the measured entries alone.
/// </summary>
internal sealed class ComponentSelection<TModel> : MeasurementTerm where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationProblem<TModel> _problem;
    private readonly int _d;
    private int[] _diagonalPositions = Array.Empty<int>();

    public ComponentSelection(AssimilationProblem<TModel> problem)
    {
        _problem = problem;
        _d = TModel.StateCount;
    }

    public override double Evaluate(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, Span<double> gradient, Span<double> parameterGradient, bool wantGradient)
    {
        if (_problem.Entries is { } entries) return MeasuredEntries(entries, packed, gradient, wantGradient);
        // A complete table with one precision per component: straight over the table (the common case), one row
        // (time) at a time, the row's state and values sliced once; the value-only path writes nothing.
        Observations obs = _problem.Observations;
        int observed = obs.Components.Length, d = _d;
        ReadOnlySpan<int> components = obs.Components.AsSpan(0, observed), times = obs.Times;
        ReadOnlySpan<double> rm = _problem.MeasurementPrecision.AsSpan(0, observed), values = obs.Values;
        double sum = 0;
        if (!wantGradient)
        {
            for (int row = 0; row < times.Length; row++)
            {
                ReadOnlySpan<double> x = packed.Slice(times[row] * d, d), y = values.Slice(row * observed, observed);
                for (int c = 0; c < components.Length; c++)
                {
                    double e = x[components[c]] - y[c];
                    sum += 0.5 * rm[c] * e * e;
                }
            }
            return sum;
        }
        for (int row = 0; row < times.Length; row++)
        {
            ReadOnlySpan<double> x = packed.Slice(times[row] * d, d), y = values.Slice(row * observed, observed);
            Span<double> g = gradient.Slice(times[row] * d, d);
            for (int c = 0; c < components.Length; c++)
            {
                int component = components[c];
                double e = x[component] - y[c];
                sum += 0.5 * rm[c] * e * e;
                g[component] += rm[c] * e;
            }
        }
        return sum;
    }

    /// <summary>
    /// The term over the measured entries alone, in the table's row-major order: with nothing missing and one
    /// precision per component it adds the same numbers in the same order as the table loop.
    /// </summary>
    private static double MeasuredEntries(MeasurementEntries entries, ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient)
    {
        ReadOnlySpan<int> position = entries.Position;
        ReadOnlySpan<double> value = entries.Value.AsSpan(0, position.Length), precision = entries.Precision.AsSpan(0, position.Length);
        double sum = 0;
        if (!wantGradient)
        {
            for (int k = 0; k < position.Length; k++)
            {
                double e = packed[position[k]] - value[k];
                sum += 0.5 * precision[k] * e * e;
            }
            return sum;
        }
        for (int k = 0; k < position.Length; k++)
        {
            int index = position[k];
            double e = packed[index] - value[k];
            sum += 0.5 * precision[k] * e * e;
            gradient[index] += precision[k] * e;
        }
        return sum;
    }

    /// <summary>Only the diagonal, which every action Hessian pattern holds.</summary>
    public override void AddStructure(Action<int, int> add)
    {
    }

    public override void LocatePositions(SparsityPattern pattern)
    {
        if (_problem.Entries is { } measured)
        {
            // Only measured entries put R_m on the diagonal: a missing value adds nothing.
            _diagonalPositions = new int[measured.Count];
            for (int k = 0; k < measured.Count; k++) _diagonalPositions[k] = pattern.IndexOf(measured.Position[k], measured.Position[k]);
            return;
        }
        Observations obs = _problem.Observations;
        _diagonalPositions = new int[obs.Times.Length * obs.Components.Length];
        for (int row = 0; row < obs.Times.Length; row++)
            for (int c = 0; c < obs.Components.Length; c++)
            {
                int index = obs.Times[row] * _d + obs.Components[c];
                _diagonalPositions[row * obs.Components.Length + c] = pattern.IndexOf(index, index);
            }
    }

    public override void AccumulateHessian(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, Span<double> values)
    {
        if (_problem.Entries is { } measured)
        {
            double[] precision = measured.Precision;
            for (int k = 0; k < precision.Length; k++) values[_diagonalPositions[k]] += precision[k];
            return;
        }
        Observations obs = _problem.Observations;
        int observed = obs.Components.Length;
        for (int row = 0; row < obs.Times.Length; row++)
            for (int c = 0; c < observed; c++)
                values[_diagonalPositions[row * observed + c]] += _problem.MeasurementPrecision[c];
    }

    public override void AddInformation(int row, ReadOnlySpan<double> state, ReadOnlySpan<double> parameters, ReadOnlySpan<double> stimulus,
        double[] sensitivity, int[] estimated, double[] matrix)
    {
        Observations observations = _problem.Observations;
        int size = estimated.Length + _d;
        for (int c = 0; c < observations.Components.Length; c++)
            if (observations.IsMeasured(row, c)) // a missing value carries no information
                FisherInformation.AddOuterProduct(matrix, sensitivity, size, _d, observations.Components[c], _problem.Precision(row, c));
    }
}
