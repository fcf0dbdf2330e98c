using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>
/// The model term's Hessian for the RK4 residual r(n) = x(n+1) − Φ(x(n), p). ∇Φ is propagated
/// forward through the four stages (stage tangents T_i = ∂(y_i, p)/∂(x(n), p_est)), giving the
/// Gauss–Newton rows; the second-order part Σ ρ_a ∇²r_a is Σ_i T_iᵀ S_i T_i with S_i the generated
/// contraction at stage i, weighted by that stage's adjoint from the reverse sweep. That local
/// block is dense in the step's m = D + (estimated parameters) variables; its structure is found
/// once by propagating the Jacobian pattern through the stages.
/// </summary>
internal sealed class RungeKutta4Hessian<TModel> : ModelTermHessian where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationProblem<TModel> _problem;
    private readonly HessianStepLayout _layout;
    private readonly GaussNewtonRows _rows;
    private readonly int _d, _p, _u, _n, _m, _estimatedCount;
    private readonly int[] _blockStructure;      // packed lower triangle of the local block: 1 where structurally non-zero
    private readonly double[] _stageY, _stageK, _stageJacobian, _tangent, _stageTangent, _phiJacobian, _adjoint, _localBlock, _contraction, _rowValues, _stimulusMid;
    private readonly double[] _unitRows;         // row k: the unit vector of estimated parameter k in (x(n), p_est)
    private int[] _blockPositions = Array.Empty<int>(); // step · m(m+1)/2 + packed lower index, −1 where structurally zero

    /// <summary>Works out the step's structure for <paramref name="problem"/>; nothing is located until <see cref="LocatePositions"/>.</summary>
    public RungeKutta4Hessian(AssimilationProblem<TModel> problem)
    {
        _problem = problem;
        _d = TModel.StateCount;
        _p = TModel.ParameterCount;
        _u = TModel.StimulusCount;
        _n = problem.Steps;
        _estimatedCount = problem.EstimatedParameters.Length;
        _m = _d + _estimatedCount;
        // Each step's block couples x(n), x(n+1)'s dependencies and the parameters: up to m(m+1)/2 entries per step.
        ModelArguments.RequireArrayLength((long)_m * (_m + 1) / 2 * _n, "problem", "the RK4 Hessian's step blocks");
        _layout = new HessianStepLayout(_n, _d, 2, problem.ParameterOffset, problem.EstimatedParameters, _p);
        SparsityPattern jp = TModel.JacobianPattern, sp = TModel.SecondDerivativePattern;

        (bool[,] phiDependency, _blockStructure) = Structure(jp, sp);
        // Row a: ∇r_a = e(x_a(n+1)) − ∇Φ_a over Φ_a's structural dependencies.
        var rowColumns = new int[_d][];
        for (int a = 0; a < _d; a++)
        {
            var columns = new List<int> { _d + a };
            for (int c = 0; c < _m; c++)
            {
                int local = BlockLocal(c);
                if (phiDependency[a, c] && !columns.Contains(local)) columns.Add(local);
            }
            rowColumns[a] = columns.ToArray();
        }
        _rows = new GaussNewtonRows(_layout, _n, rowColumns);
        _rowValues = new double[_rows.LongestRow];

        _stageY = new double[4 * _d];
        _stageK = new double[4 * _d];
        _stageJacobian = new double[4 * jp.NonZeroCount];
        _tangent = new double[_d * _m];
        _stageTangent = new double[4 * _d * _m];
        _phiJacobian = new double[_d * _m];
        _adjoint = new double[4 * _d];
        _localBlock = new double[_m * (_m + 1) / 2];
        _contraction = new double[sp.NonZeroCount];
        _stimulusMid = new double[_u];
        _unitRows = new double[_estimatedCount * _m];
        for (int k = 0; k < _estimatedCount; k++) _unitRows[k * _m + _d + k] = 1.0;
    }

    /// <inheritdoc/>
    public override void AddStructure(Action<int, int> add)
    {
        _rows.AddStructure(add);
        for (int step = 0; step < _n; step++)
            for (int i = 0; i < _m; i++)
                for (int j = 0; j <= i; j++)
                    if (_blockStructure[i * (i + 1) / 2 + j] != 0) add(_layout.GlobalColumn(step, BlockLocal(i)), _layout.GlobalColumn(step, BlockLocal(j)));
    }

    /// <inheritdoc/>
    public override void LocatePositions(SparsityPattern pattern)
    {
        _rows.LocatePositions(pattern);
        int blockSize = _m * (_m + 1) / 2;
        _blockPositions = new int[_n * blockSize];
        for (int step = 0; step < _n; step++)
            for (int i = 0; i < _m; i++)
                for (int j = 0; j <= i; j++)
                    _blockPositions[step * blockSize + i * (i + 1) / 2 + j] = _blockStructure[i * (i + 1) / 2 + j] != 0
                        ? HessianStepLayout.Position(pattern, _layout.GlobalColumn(step, BlockLocal(i)), _layout.GlobalColumn(step, BlockLocal(j)))
                        : -1;
    }

    /// <inheritdoc/>
    public override void Accumulate(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, ReadOnlySpan<double> rf, Span<double> values)
    {
        SparsityPattern jp = TModel.JacobianPattern, sp = TModel.SecondDerivativePattern;
        int nnzJ = jp.NonZeroCount, d = _d, m = _m, blockSize = m * (m + 1) / 2;
        double h = _problem.Dt;
        ReadOnlySpan<int> jStart = jp.RowStart, jColumn = jp.ColumnIndex;
        Span<double> lambda = _adjoint.AsSpan(0, d), kbar = _adjoint.AsSpan(d, d), ybar = _adjoint.AsSpan(2 * d, d);
        Span<double> stageWeights = _adjoint.AsSpan(3 * d, d);
        // Stage i: y_i = x + c_i h k_{i−1}; Φ = x + h Σ b_i k_i.
        ReadOnlySpan<double> c = RungeKutta4Step<TModel>.Nodes;
        ReadOnlySpan<double> b = RungeKutta4Step<TModel>.Weights;

        for (int step = 0; step < _n; step++)
        {
            ReadOnlySpan<double> x = packed.Slice(step * d, d), x1 = packed.Slice((step + 1) * d, d);
            ReadOnlySpan<double> u0 = GridStimulus.AtGridPoint(_problem.Stimulus, _u, step), u1 = GridStimulus.AtGridPoint(_problem.Stimulus, _u, step + 1);
            ReadOnlySpan<double> uMid = GridStimulus.AtMidpoint(_problem.Stimulus, _u, step, _stimulusMid);
            _phiJacobian.AsSpan().Clear();
            for (int a = 0; a < d; a++) _phiJacobian[a * m + a] = 1.0;
            for (int i = 0; i < 4; i++)
            {
                Span<double> y = _stageY.AsSpan(i * d, d), k = _stageK.AsSpan(i * d, d);
                Span<double> tangent = _stageTangent.AsSpan(i * d * m, d * m); // ∂y_i/∂(x(n), p_est)
                tangent.Clear();
                for (int a = 0; a < d; a++)
                {
                    y[a] = x[a] + (i == 0 ? 0.0 : c[i] * h * _stageK[(i - 1) * d + a]);
                    tangent[a * m + a] = 1.0;
                }
                if (i > 0) VectorMath.AddScaled(tangent, c[i] * h, _tangent); // _tangent holds ∂k_{i−1}
                ReadOnlySpan<double> u = RungeKutta4Step<TModel>.StageStimulus(i, u0, uMid, u1);
                TModel.VectorField(y, parameters, u, k);
                Span<double> jac = _stageJacobian.AsSpan(i * nnzJ, nnzJ);
                TModel.Jacobian(y, parameters, u, jac);
                // ∂k_i = J_x ∂y_i + J_p E
                _tangent.AsSpan().Clear();
                for (int a = 0; a < d; a++)
                    for (int e = jStart[a]; e < jStart[a + 1]; e++)
                    {
                        int j = jColumn[e];
                        if (j < d) VectorMath.AddScaled(_tangent.AsSpan(a * m, m), jac[e], tangent.Slice(j * m, m));
                        else if (_layout.EstimatedSlot(j - d) is int slot and >= 0) _tangent[a * m + d + slot] += jac[e];
                    }
                VectorMath.AddScaled(_phiJacobian, b[i] * h, _tangent);
            }

            // Residual and ρ; λ = −ρ is the cotangent of Φ.
            for (int a = 0; a < d; a++)
            {
                double phi = x[a] + h * (b[0] * _stageK[a] + b[1] * _stageK[d + a] + b[2] * _stageK[2 * d + a] + b[3] * _stageK[3 * d + a]);
                lambda[a] = -rf[a] * (x1[a] - phi);
            }

            // Gauss–Newton rows: ∇r_a = e(x_a(n+1)) − ∇Φ_a.
            for (int a = 0; a < d; a++)
            {
                int[] columns = _rows.Columns(a);
                Span<double> rowValues = _rowValues.AsSpan(0, columns.Length);
                for (int s = 0; s < columns.Length; s++)
                {
                    int local = columns[s];
                    rowValues[s] = local == d + a ? 1.0 : -_phiJacobian[a * m + (local < d ? local : d + (local - 2 * d))];
                }
                _rows.AddRow(step, a, rf[a], rowValues, values);
            }

            // Second-order part: reverse sweep for the stage adjoints k̄_i, then Σ T_iᵀ S_i T_i.
            _localBlock.AsSpan().Clear();
            ybar.Clear();
            for (int i = 3; i >= 0; i--)
            {
                // k̄_i = h b_i λ + h c_{i+1} ȳ_{i+1}
                for (int a = 0; a < d; a++) kbar[a] = h * b[i] * lambda[a] + (i < 3 ? h * c[i + 1] * ybar[a] : 0.0);
                kbar.CopyTo(stageWeights);
                ReadOnlySpan<double> jac = _stageJacobian.AsSpan(i * nnzJ, nnzJ);
                // ȳ_i = J_xᵀ k̄_i
                ybar.Clear();
                for (int a = 0; a < d; a++)
                    for (int e = jStart[a]; e < jStart[a + 1]; e++)
                        if (jColumn[e] < d) ybar[jColumn[e]] += jac[e] * kbar[a];
                TModel.SecondDerivativeContraction(_stageY.AsSpan(i * d, d), parameters, RungeKutta4Step<TModel>.StageStimulus(i, u0, uMid, u1), stageWeights, _contraction);
                AddCongruence(sp, _stageTangent.AsSpan(i * d * m, d * m));
            }
            ReadOnlySpan<int> positions = _blockPositions.AsSpan(step * blockSize, blockSize);
            for (int q = 0; q < blockSize; q++)
                if (positions[q] >= 0) values[positions[q]] += _localBlock[q];
        }
    }

    /// <summary>_localBlock += Tᵀ S T, S the contraction (lower CSR over (x,p)), T = [tangent; E].</summary>
    private void AddCongruence(SparsityPattern sp, ReadOnlySpan<double> tangent)
    {
        int d = _d, m = _m;
        for (int row = 0; row < d + _p; row++)
        {
            ReadOnlySpan<double> tr = TangentRow(row, tangent);
            if (tr.IsEmpty) continue;
            for (int e = sp.RowStart[row]; e < sp.RowStart[row + 1]; e++)
            {
                double s = _contraction[e];
                if (s == 0) continue;
                int col = sp.ColumnIndex[e];
                ReadOnlySpan<double> tc = TangentRow(col, tangent);
                if (tc.IsEmpty) continue;
                // s (tr tcᵀ + tc trᵀ), or s tr trᵀ on the diagonal; lower triangle only.
                for (int i = 0; i < m; i++)
                {
                    double ri = tr[i], ci = tc[i];
                    if (ri == 0 && ci == 0) continue;
                    int baseIndex = i * (i + 1) / 2;
                    if (col == row)
                        for (int j = 0; j <= i; j++) _localBlock[baseIndex + j] += s * ri * tr[j];
                    else
                        for (int j = 0; j <= i; j++) _localBlock[baseIndex + j] += s * (ri * tc[j] + ci * tr[j]);
                }
            }
        }
    }

    /// <summary>Row of T = ∂(y, p)/∂(x(n), p_est): a tangent row for states, a unit row (in scratch) for estimated parameters.</summary>
    private ReadOnlySpan<double> TangentRow(int index, ReadOnlySpan<double> tangent)
    {
        if (index < _d) return tangent.Slice(index * _m, _m);
        int slot = _layout.EstimatedSlot(index - _d);
        return slot < 0 ? ReadOnlySpan<double>.Empty : _unitRows.AsSpan(slot * _m, _m);
    }

    /// <summary>
    /// The step's structure, by propagating the Jacobian pattern through the four stages with
    /// stage tangents T_i = ∂(y_i, p)/∂(x(n), p_est): which of (x(n), p_est) each Φ_a depends on,
    /// and the non-zeros of Σ_i T_iᵀ S_i T_i (packed lower triangle; non-zero = 1).
    /// </summary>
    private (bool[,] PhiDependency, int[] Block) Structure(SparsityPattern jp, SparsityPattern sp)
    {
        int d = _d, m = _m;
        var phi = new bool[d, m];
        for (int a = 0; a < d; a++) phi[a, a] = true;
        var block = new int[m * (m + 1) / 2];
        var tangent = new bool[d + _p, m]; // rows: stage state, then the parameters
        for (int j = 0; j < _p; j++)
            if (_layout.EstimatedSlot(j) >= 0) tangent[d + j, d + _layout.EstimatedSlot(j)] = true;
        var k = new bool[d, m];            // ∂k_{i−1}
        for (int i = 0; i < 4; i++)
        {
            for (int a = 0; a < d; a++)
                for (int q = 0; q < m; q++) tangent[a, q] = q == a || (i > 0 && k[a, q]);
            for (int row = 0; row < d + _p; row++)
                for (int e = sp.RowStart[row]; e < sp.RowStart[row + 1]; e++)
                {
                    int col = sp.ColumnIndex[e];
                    for (int q = 0; q < m; q++)
                        for (int r = 0; r < m; r++)
                            if ((tangent[row, q] && tangent[col, r]) || (tangent[col, q] && tangent[row, r]))
                            {
                                int hi = Math.Max(q, r), lo = Math.Min(q, r);
                                block[hi * (hi + 1) / 2 + lo] = 1;
                            }
                }
            var next = new bool[d, m];
            for (int a = 0; a < d; a++)
                for (int e = jp.RowStart[a]; e < jp.RowStart[a + 1]; e++)
                {
                    int j = jp.ColumnIndex[e];
                    if (j < d)
                    {
                        for (int q = 0; q < m; q++) next[a, q] |= tangent[j, q];
                    }
                    else if (_layout.EstimatedSlot(j - d) is int slot and >= 0) next[a, d + slot] = true;
                }
            k = next;
            for (int a = 0; a < d; a++)
                for (int q = 0; q < m; q++) phi[a, q] |= k[a, q];
        }
        return (phi, block);
    }

    /// <summary>Local column of block index i: x(n) states, then the estimated parameters after the 2D state columns of x(n), x(n+1).</summary>
    private int BlockLocal(int i) => i < _d ? i : 2 * _d + (i - _d);
}
