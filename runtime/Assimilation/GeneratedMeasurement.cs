using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>
/// The measurement term of a model with a generated [Measurement] function h(x, p, u): observation column c is
/// output <c>Components[c]</c> of h at the row's grid point. With e_l = h_l − y_l and w = R_m ∘ e,
/// the gradient is wᵀ∂h/∂(x, p) at every measured time (one generated transpose product), the Hessian
/// Σ R_m ∇h_l ∇h_lᵀ + Σ_l w_l ∇²h_l over (x(n), p) (the generated Jacobian and contraction, scattered through
/// positions found once), and the Fisher information Σ R_m g gᵀ with g = ∂h_l/∂x · S + ∂h_l/∂θ.
/// </summary>
internal sealed class GeneratedMeasurement<TModel> : MeasurementTerm where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationProblem<TModel> _problem;
    private readonly int _d, _u;
    private readonly int[] _rowStart;      // observation row → its first measured entry
    private readonly int[] _output;        // measured entry → output l of h
    private readonly double[] _value, _precision;
    private readonly int[] _parameterSlot; // model parameter → estimated index, or −1 when fixed
    private readonly double[] _y, _w, _product, _jacobian, _second, _information;
    private int[] _pairOffset = Array.Empty<int>();       // measured entry → its first pair in _pairPositions
    private int[] _pairPositions = Array.Empty<int>();    // Gauss–Newton pairs of ∇h_l, lower triangle, −1 for a fixed parameter
    private int[] _secondPositions = Array.Empty<int>();  // row · (pattern size) + entry of Σ w_l ∇²h_l, −1 for a fixed parameter

    public GeneratedMeasurement(AssimilationProblem<TModel> problem)
    {
        _problem = problem;
        _d = TModel.StateCount;
        _u = TModel.StimulusCount;
        int m = TModel.MeasurementCount;
        Observations obs = problem.Observations;
        int rows = obs.Times.Length, columns = obs.Components.Length;
        _rowStart = new int[rows + 1];
        _output = new int[obs.MeasuredCount];
        _value = new double[obs.MeasuredCount];
        _precision = new double[obs.MeasuredCount];
        int k = 0;
        for (int row = 0; row < rows; row++)
        {
            for (int c = 0; c < columns; c++)
            {
                if (!obs.IsMeasured(row, c)) continue;
                _output[k] = obs.Components[c];
                _value[k] = obs[row, c];
                _precision[k] = problem.Precision(row, c);
                k++;
            }
            _rowStart[row + 1] = k;
        }
        _parameterSlot = new int[TModel.ParameterCount];
        Array.Fill(_parameterSlot, -1);
        for (int slot = 0; slot < problem.EstimatedParameters.Length; slot++) _parameterSlot[problem.EstimatedParameters[slot]] = slot;
        _y = new double[m];
        _w = new double[m];
        _product = new double[_d + TModel.ParameterCount];
        _jacobian = new double[TModel.MeasurementJacobianPattern.NonZeroCount];
        _second = new double[TModel.MeasurementSecondDerivativePattern.NonZeroCount];
        _information = new double[problem.EstimatedParameters.Length + _d];
    }

    /// <summary>Packed index of column j of (x, p) at grid point n, or −1 for a fixed parameter.</summary>
    private int Packed(int n, int j)
    {
        if (j < _d) return n * _d + j;
        int slot = _parameterSlot[j - _d];
        return slot < 0 ? -1 : _problem.ParameterOffset + slot;
    }

    private ReadOnlySpan<double> StimulusAt(int n) => GridStimulus.AtGridPoint(_problem.Stimulus, _u, n);

    /// <summary>h at the row's point, and w = R_m ∘ (h − y) on its measured outputs (zero elsewhere); returns the row's term.</summary>
    private double Residuals(int row, ReadOnlySpan<double> state, ReadOnlySpan<double> parameters, ReadOnlySpan<double> stimulus)
    {
        TModel.Measurement(state, parameters, stimulus, _y);
        Array.Clear(_w);
        double sum = 0;
        for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++)
        {
            double e = _y[_output[k]] - _value[k];
            sum += 0.5 * _precision[k] * e * e;
            _w[_output[k]] = _precision[k] * e;
        }
        return sum;
    }

    public override double Evaluate(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, Span<double> gradient, Span<double> parameterGradient, bool wantGradient)
    {
        int[] times = _problem.Observations.Times;
        double sum = 0;
        for (int row = 0; row < times.Length; row++)
        {
            if (_rowStart[row] == _rowStart[row + 1]) continue; // nothing measured at this time
            int n = times[row];
            ReadOnlySpan<double> state = packed.Slice(n * _d, _d), stimulus = StimulusAt(n);
            sum += Residuals(row, state, parameters, stimulus);
            if (!wantGradient) continue;
            TModel.MeasurementJacobianTransposeProduct(state, parameters, stimulus, _w, _product);
            Span<double> g = gradient.Slice(n * _d, _d);
            for (int a = 0; a < _d; a++) g[a] += _product[a];
            for (int q = 0; q < parameterGradient.Length; q++) parameterGradient[q] += _product[_d + q];
        }
        return sum;
    }

    public override void AddStructure(Action<int, int> add)
    {
        SparsityPattern jacobian = TModel.MeasurementJacobianPattern;
        int[] times = _problem.Observations.Times;
        for (int row = 0; row < times.Length; row++)
        {
            if (_rowStart[row] == _rowStart[row + 1]) continue;
            int n = times[row];
            for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++)
            {
                int l = _output[k];
                for (int s = jacobian.RowStart[l]; s < jacobian.RowStart[l + 1]; s++)
                    for (int t = jacobian.RowStart[l]; t <= s; t++)
                    {
                        int i = Packed(n, jacobian.ColumnIndex[s]), j = Packed(n, jacobian.ColumnIndex[t]);
                        if (i >= 0 && j >= 0) add(i, j);
                    }
            }
        }
        // ∇²h_l is non-zero only among the variables h_l depends on, pairs already declared above. An entry of
        // Σ w_l ∇²h_l outside every measured output's clique comes from outputs not measured at that time, whose
        // weight is zero: it adds nothing, so the pattern stays exact for the outputs actually measured.
    }

    public override void LocatePositions(SparsityPattern pattern)
    {
        SparsityPattern jacobian = TModel.MeasurementJacobianPattern, second = TModel.MeasurementSecondDerivativePattern;
        int[] times = _problem.Observations.Times;
        long pairs = 0;
        _pairOffset = new int[_output.Length + 1];
        for (int k = 0; k < _output.Length; k++)
        {
            long length = jacobian.RowStart[_output[k] + 1] - jacobian.RowStart[_output[k]];
            pairs += length * (length + 1) / 2;
            _pairOffset[k + 1] = ModelArguments.RequireArrayLength(pairs, "problem", "the measurement's Gauss–Newton part of the Hessian");
        }
        _pairPositions = new int[pairs];
        _secondPositions = new int[ModelArguments.RequireArrayLength((long)times.Length * second.NonZeroCount, "problem", "the measurement's second-derivative part of the Hessian")];
        int columns = jacobian.ColumnCount;
        var clique = new HashSet<long>(); // (x, p) pairs some output measured at this time depends on
        for (int row = 0; row < times.Length; row++)
        {
            int n = times[row];
            clique.Clear();
            for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++)
            {
                int l = _output[k], at = _pairOffset[k];
                for (int s = jacobian.RowStart[l]; s < jacobian.RowStart[l + 1]; s++)
                    for (int t = jacobian.RowStart[l]; t <= s; t++)
                    {
                        _pairPositions[at++] = Position(pattern, Packed(n, jacobian.ColumnIndex[s]), Packed(n, jacobian.ColumnIndex[t]));
                        clique.Add((long)jacobian.ColumnIndex[s] * columns + jacobian.ColumnIndex[t]);
                    }
            }
            int first = row * second.NonZeroCount;
            for (int r = 0; r < second.RowCount; r++)
                for (int e = second.RowStart[r]; e < second.RowStart[r + 1]; e++)
                    _secondPositions[first + e] = clique.Contains((long)r * columns + second.ColumnIndex[e])
                        ? Position(pattern, Packed(n, r), Packed(n, second.ColumnIndex[e]))
                        : -1; // only outputs not measured here reach this entry: their weight is zero
        }
    }

    private static int Position(SparsityPattern pattern, int i, int j) => i < 0 || j < 0 ? -1 : HessianStepLayout.Position(pattern, i, j);

    public override void AccumulateHessian(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, Span<double> values)
    {
        SparsityPattern jacobian = TModel.MeasurementJacobianPattern;
        ReadOnlySpan<int> rowStart = jacobian.RowStart;
        int secondCount = _second.Length;
        int[] times = _problem.Observations.Times;
        for (int row = 0; row < times.Length; row++)
        {
            if (_rowStart[row] == _rowStart[row + 1]) continue;
            int n = times[row];
            ReadOnlySpan<double> state = packed.Slice(n * _d, _d), stimulus = StimulusAt(n);
            Residuals(row, state, parameters, stimulus);
            TModel.MeasurementJacobian(state, parameters, stimulus, _jacobian);
            // Gauss–Newton part: R_m ∇h_l ∇h_lᵀ for every measured output.
            for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++)
            {
                int l = _output[k], at = _pairOffset[k];
                double rm = _precision[k];
                for (int s = rowStart[l]; s < rowStart[l + 1]; s++)
                {
                    double scaled = rm * _jacobian[s];
                    for (int t = rowStart[l]; t <= s; t++)
                    {
                        int position = _pairPositions[at++];
                        if (position >= 0) values[position] += scaled * _jacobian[t];
                    }
                }
            }
            // Second-order part: Σ_l w_l ∇²h_l with w = R_m ∘ (h − y).
            TModel.MeasurementSecondDerivativeContraction(state, parameters, stimulus, _w, _second);
            int first = row * secondCount;
            for (int e = 0; e < secondCount; e++)
            {
                int position = _secondPositions[first + e];
                if (position >= 0) values[position] += _second[e];
            }
        }
    }

    public override void AddInformation(int row, ReadOnlySpan<double> state, ReadOnlySpan<double> parameters, ReadOnlySpan<double> stimulus,
        double[] sensitivity, int[] estimated, double[] matrix)
    {
        if (_rowStart[row] == _rowStart[row + 1]) return;
        SparsityPattern jacobian = TModel.MeasurementJacobianPattern;
        ReadOnlySpan<int> rowStart = jacobian.RowStart, columns = jacobian.ColumnIndex;
        int size = estimated.Length + _d;
        TModel.MeasurementJacobian(state, parameters, stimulus, _jacobian);
        double[] g = _information;
        for (int k = _rowStart[row]; k < _rowStart[row + 1]; k++)
        {
            int l = _output[k];
            // g_j = Σ_a ∂h_l/∂x_a S_a,j, plus ∂h_l/∂θ for a parameter unknown.
            for (int j = 0; j < size; j++)
            {
                double sum = 0;
                for (int e = rowStart[l]; e < rowStart[l + 1]; e++)
                    if (columns[e] < _d) sum += _jacobian[e] * sensitivity[j * _d + columns[e]];
                g[j] = sum;
            }
            for (int e = rowStart[l]; e < rowStart[l + 1]; e++)
                if (columns[e] >= _d && _parameterSlot[columns[e] - _d] is int slot and >= 0) g[slot] += _jacobian[e];
            double rm = _precision[k];
            for (int i = 0; i < size; i++)
            {
                double gi = rm * g[i];
                if (gi == 0) continue;
                for (int j = 0; j < size; j++) matrix[i * size + j] += gi * g[j];
            }
        }
    }
}
