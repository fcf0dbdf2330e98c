using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>
/// The model term's Hessian for the collocation rules (forward Euler, trapezoid, Hermite–Simpson).
/// Their residuals are linear combinations r_a = Σ c·x_a(point) + Σ f·F_a(x(point)) over a step's
/// points (<see cref="CollocationRule"/>), so ∇r_a comes from the generated <c>Jacobian</c> at
/// those points (the Gauss–Newton rows) and the second-order part Σ ρ_a ∇²r_a is
/// <c>SecondDerivativeContraction</c> at each point with the weights Σ f·ρ — the same weights
/// the gradient feeds to the vector–Jacobian product.
/// </summary>
internal sealed class CollocationHessian<TModel> : ModelTermHessian where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationProblem<TModel> _problem;
    private readonly HessianStepLayout _layout;
    private readonly CollocationRule _rule;
    private readonly GaussNewtonRows _rows;
    private readonly Contribution[][] _rowSources; // [k·D + a] → how each value of ∇r_a is formed
    private readonly bool[] _driftUsed;             // point → whether F there enters any residual
    private readonly int _d, _u, _n, _points;
    private readonly double[] _f, _jacobian, _weights, _contraction, _rowValues, _stimulusMid;
    private int[] _contractionPositions = Array.Empty<int>(); // point · nnz(S) + e, −1 where not scattered

    /// <summary>One term of a Gauss–Newton row value: Coefficient × (1, or Jacobian entry JacobianEntry at local point LocalPoint), added at Slot.</summary>
    private readonly record struct Contribution(int Slot, int LocalPoint, int JacobianEntry, double Coefficient);

    /// <summary>Works out the rows' structure for <paramref name="problem"/>'s collocation rule; nothing is located until <see cref="LocatePositions"/>.</summary>
    public CollocationHessian(AssimilationProblem<TModel> problem)
    {
        _problem = problem;
        _d = TModel.StateCount;
        _u = TModel.StimulusCount;
        _n = problem.Steps;
        _rule = CollocationRule.For(problem.Discretization, problem.Dt);
        int localPoints = _rule.PointsPerStep;
        _layout = new HessianStepLayout(_n, _d, localPoints, problem.ParameterOffset, problem.EstimatedParameters, TModel.ParameterCount);
        _points = _n + 1 + problem.MidpointCount;

        SparsityPattern jp = TModel.JacobianPattern, sp = TModel.SecondDerivativePattern;
        ModelArguments.RequireArrayLength((long)_points * Math.Max(jp.NonZeroCount, sp.NonZeroCount), "problem", "the collocation Hessian's Jacobians and second-derivative contractions at every point");
        CollocationResidual[] residuals = _rule.Residuals;
        int rows = residuals.Length * _d;
        var rowColumns = new int[rows][];
        _rowSources = new Contribution[rows][];
        for (int k = 0; k < residuals.Length; k++)
        {
            CollocationResidual residual = residuals[k];
            for (int a = 0; a < _d; a++)
            {
                var columns = new List<int>();
                var sources = new List<Contribution>();
                int SlotOf(int local)
                {
                    int s = columns.IndexOf(local);
                    if (s >= 0) return s;
                    columns.Add(local);
                    return columns.Count - 1;
                }
                for (int lp = 0; lp < localPoints; lp++)
                {
                    if (residual.Identity[lp] != 0) sources.Add(new Contribution(SlotOf(lp * _d + a), lp, -1, residual.Identity[lp]));
                    if (residual.Drift[lp] == 0) continue;
                    for (int e = jp.RowStart[a]; e < jp.RowStart[a + 1]; e++)
                    {
                        int j = jp.ColumnIndex[e];
                        int local = j < _d ? lp * _d + j : _layout.EstimatedSlot(j - _d) is int slot and >= 0 ? localPoints * _d + slot : -1;
                        if (local >= 0) sources.Add(new Contribution(SlotOf(local), lp, e, residual.Drift[lp]));
                    }
                }
                rowColumns[k * _d + a] = columns.ToArray();
                _rowSources[k * _d + a] = sources.ToArray();
            }
        }
        _rows = new GaussNewtonRows(_layout, _n, rowColumns);
        _rowValues = new double[_rows.LongestRow];

        // Forward Euler never uses F at x(N): no second-order contribution there.
        _driftUsed = new bool[_points];
        for (int step = 0; step < _n; step++)
            for (int lp = 0; lp < localPoints; lp++)
                foreach (CollocationResidual residual in residuals)
                    if (residual.Drift[lp] != 0) _driftUsed[_layout.PointIndex(step, lp)] = true;

        _f = new double[_points * _d];
        _jacobian = new double[_points * jp.NonZeroCount];
        _weights = new double[_points * _d];
        _contraction = new double[sp.NonZeroCount];
        _stimulusMid = new double[_u];
    }

    /// <inheritdoc/>
    public override void AddStructure(Action<int, int> add)
    {
        _rows.AddStructure(add);
        SparsityPattern sp = TModel.SecondDerivativePattern;
        for (int point = 0; point < _points; point++)
            if (_driftUsed[point])
                for (int row = 0; row < _d + TModel.ParameterCount; row++)
                    for (int e = sp.RowStart[row]; e < sp.RowStart[row + 1]; e++)
                    {
                        int gi = _layout.PointVariable(point, row), gj = _layout.PointVariable(point, sp.ColumnIndex[e]);
                        if (gi >= 0 && gj >= 0) add(gi, gj);
                    }
    }

    /// <inheritdoc/>
    public override void LocatePositions(SparsityPattern pattern)
    {
        _rows.LocatePositions(pattern);
        SparsityPattern sp = TModel.SecondDerivativePattern;
        _contractionPositions = new int[_points * sp.NonZeroCount];
        for (int point = 0; point < _points; point++)
            for (int row = 0; row < _d + TModel.ParameterCount; row++)
                for (int e = sp.RowStart[row]; e < sp.RowStart[row + 1]; e++)
                {
                    int gi = _layout.PointVariable(point, row), gj = _layout.PointVariable(point, sp.ColumnIndex[e]);
                    _contractionPositions[point * sp.NonZeroCount + e] = gi >= 0 && gj >= 0 && _driftUsed[point] ? HessianStepLayout.Position(pattern, gi, gj) : -1;
                }
    }

    /// <inheritdoc/>
    public override void Accumulate(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, ReadOnlySpan<double> rf, Span<double> values)
    {
        SparsityPattern jp = TModel.JacobianPattern, sp = TModel.SecondDerivativePattern;
        int nnzJ = jp.NonZeroCount, nnzS = sp.NonZeroCount, localPoints = _rule.PointsPerStep;
        for (int point = 0; point < _points; point++)
        {
            ReadOnlySpan<double> x = packed.Slice(point * _d, _d), u = StimulusAtPoint(point);
            TModel.VectorField(x, parameters, u, _f.AsSpan(point * _d, _d));
            TModel.Jacobian(x, parameters, u, _jacobian.AsSpan(point * nnzJ, nnzJ));
        }
        Array.Clear(_weights);

        CollocationResidual[] residuals = _rule.Residuals;
        Span<int> pointOf = stackalloc int[3];
        for (int step = 0; step < _n; step++)
        {
            for (int lp = 0; lp < localPoints; lp++) pointOf[lp] = _layout.PointIndex(step, lp);
            for (int k = 0; k < residuals.Length; k++)
            {
                CollocationResidual residual = residuals[k];
                for (int a = 0; a < _d; a++)
                {
                    double r = 0;
                    for (int lp = 0; lp < localPoints; lp++)
                        r += residual.Identity[lp] * packed[pointOf[lp] * _d + a] + residual.Drift[lp] * _f[pointOf[lp] * _d + a];
                    double rho = rf[a] * r;
                    for (int lp = 0; lp < localPoints; lp++)
                        if (residual.Drift[lp] != 0) _weights[pointOf[lp] * _d + a] += residual.Drift[lp] * rho;

                    int row = k * _d + a;
                    Span<double> rowValues = _rowValues.AsSpan(0, _rows.Columns(row).Length);
                    rowValues.Clear();
                    foreach (Contribution c in _rowSources[row])
                        rowValues[c.Slot] += c.Coefficient * (c.JacobianEntry < 0 ? 1.0 : _jacobian[pointOf[c.LocalPoint] * nnzJ + c.JacobianEntry]);
                    _rows.AddRow(step, row, rf[a], rowValues, values);
                }
            }
        }

        for (int point = 0; point < _points; point++)
        {
            if (!_driftUsed[point]) continue;
            ReadOnlySpan<double> x = packed.Slice(point * _d, _d);
            TModel.SecondDerivativeContraction(x, parameters, StimulusAtPoint(point), _weights.AsSpan(point * _d, _d), _contraction);
            ReadOnlySpan<int> positions = _contractionPositions.AsSpan(point * nnzS, nnzS);
            for (int e = 0; e < nnzS; e++)
                if (positions[e] >= 0) values[positions[e]] += _contraction[e];
        }
    }

    /// <summary>The stimulus at a packed point: a grid value, or the midpoint value for Hermite–Simpson's midpoints.</summary>
    private ReadOnlySpan<double> StimulusAtPoint(int point) =>
        point <= _n ? GridStimulus.AtGridPoint(_problem.Stimulus, _u, point) : GridStimulus.AtMidpoint(_problem.Stimulus, _u, point - _n - 1, _stimulusMid);
}
