using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>
/// The exact Hessian of the action over the packed variables, for every discretization: its
/// lower-triangle CSR pattern (computed once, structurally exact) and its values, plus a
/// Hessian–vector product that never forms the matrix.
/// </summary>
/// <remarks>
/// <para>With residuals r(n) and ρ = R_f∘r, the model term ½Σ R_f r² has the Hessian
/// Σ R_f,a ∇r_a ∇r_aᵀ (Gauss–Newton part) + Σ ρ_a ∇²r_a (second-order part); the measurement
/// term adds R_m on the diagonal of observed components.</para>
/// <para>Euler, trapezoid and Hermite–Simpson residuals are linear combinations
/// r_a = Σ c·x_a(point) + Σ f·F_a(x(point)) over a step's points, so ∇r_a comes from the
/// generated <c>Jacobian</c> at those points and the second-order part is
/// <c>SecondDerivativeContraction</c> at each point with the weights Σ f·ρ — the same weights the
/// gradient feeds to the vector–Jacobian product. For the RK4 map, ∇Φ is propagated forward
/// through the four stages (tangents T_i), and the second-order part is Σ_i T_iᵀ S_i T_i with
/// S_i the contraction at stage i weighted by that stage's adjoint from the reverse sweep; that
/// local block is dense in the step's (D + estimated parameters) variables.</para>
/// <para>Every Gauss–Newton row is a short sparse vector; its outer product is scattered into
/// the CSR values through positions computed once, so assembly costs Σ (row length)² per step.
/// The pattern always holds the diagonal (a trust-region shift needs it); off the diagonal it
/// holds exactly the structurally non-zero entries.</para>
/// </remarks>
public sealed class ActionHessian<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationProblem<TModel> _problem;
    private readonly int _d, _p, _u, _n, _estimatedCount, _parameterOffset;
    private readonly int _localPoints;           // points per step: 2, or 3 for Hermite–Simpson
    private readonly ResidualKind[] _kinds;      // one per residual block of a step (RK4: one, unused coefficients)
    private readonly int[] _estimatedSlot;       // full parameter index → estimated index, or −1 when fixed
    private readonly double[] _rf, _parameters;
    private readonly int[] _measurementPositions;

    // Gauss–Newton rows: for (kind k, component a) the local columns of ∇r_a, and for each step the
    // CSR positions of every lower-triangle pair of those columns.
    private readonly int[][] _rowColumns;        // [k·D + a] → local columns
    private readonly Contribution[][] _rowSources; // [k·D + a] → how each value is formed (not RK4)
    private readonly int[] _pairOffset;          // [k·D + a] → offset of its pairs within a step
    private readonly int _pairsPerStep;
    private readonly int[] _pairPositions;       // step · _pairsPerStep + offset + pair index

    // Per point (Euler, trapezoid, Hermite–Simpson): F, Jacobian values, contraction weights and positions.
    private readonly double[] _f, _jacobian, _weights, _contraction;
    private readonly int[] _contractionPositions; // point · nnz(S) + e, −1 for fixed parameters
    private readonly double[] _rowValues, _stimulusMid;

    // RK4: stage states, tangents and the dense local second-order block.
    private readonly int _m;                     // D + estimated parameters
    private readonly double[] _stageY, _stageK, _stageJacobian, _tangent, _stageTangent, _phiJacobian, _adjoint, _localBlock;
    private readonly double[] _unitRows;         // row k: the unit vector of estimated parameter k in (x(n), p_est)
    private readonly int[] _blockPositions;      // step · m(m+1)/2 + packed lower index

    private readonly record struct Contribution(int Slot, int LocalPoint, int JacobianEntry, double Coefficient);

    /// <summary>A residual r_a = Σ_lp Identity[lp]·x_a(lp) + Drift[lp]·F_a(x(lp)).</summary>
    private sealed record ResidualKind(double[] Identity, double[] Drift);

    /// <summary>Builds the Hessian's structurally exact pattern and the scatter positions of every contribution, once; evaluations then allocate nothing. R_f starts at 1 per component.</summary>
    /// <param name="problem">The problem whose action this is the Hessian of.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public ActionHessian(AssimilationProblem<TModel> problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _problem = problem;
        _d = TModel.StateCount;
        _p = TModel.ParameterCount;
        _u = TModel.StimulusCount;
        _n = problem.Steps;
        _estimatedCount = problem.EstimatedParameters.Length;
        _parameterOffset = problem.ParameterOffset;
        _estimatedSlot = new int[_p];
        Array.Fill(_estimatedSlot, -1);
        for (int k = 0; k < _estimatedCount; k++) _estimatedSlot[problem.EstimatedParameters[k]] = k;
        _rf = new double[_d];
        Array.Fill(_rf, 1.0);
        _parameters = new double[_p];
        _stimulusMid = new double[_u];

        double dt = problem.Dt;
        _kinds = problem.Discretization switch
        {
            Discretization.ForwardEuler => new[] { new ResidualKind(new[] { -1.0, 1.0 }, new[] { -dt, 0.0 }) },
            Discretization.Trapezoid => new[] { new ResidualKind(new[] { -1.0, 1.0 }, new[] { -dt / 2, -dt / 2 }) },
            Discretization.HermiteSimpson => new[]
            {
                // points: x(n), x(n+1), x(n+½)
                new ResidualKind(new[] { -1.0, 1.0, 0.0 }, new[] { -dt / 6, -dt / 6, -4 * dt / 6 }),
                new ResidualKind(new[] { -0.5, -0.5, 1.0 }, new[] { -dt / 8, dt / 8, 0.0 }),
            },
            _ => new[] { new ResidualKind(new[] { 0.0, 1.0 }, new[] { 0.0, 0.0 }) },
        };
        _localPoints = problem.Discretization == Discretization.HermiteSimpson ? 3 : 2;
        bool rk4 = problem.Discretization == Discretization.RungeKutta4;
        SparsityPattern jp = TModel.JacobianPattern, sp = TModel.SecondDerivativePattern;
        int points = _n + 1 + problem.MidpointCount;
        _m = _d + _estimatedCount;

        // Local columns and value sources of every Gauss–Newton row.
        int rows = _kinds.Length * _d;
        _rowColumns = new int[rows][];
        _rowSources = new Contribution[rows][];
        bool[,]? phiDependency = null;
        int[]? blockStructure = null;
        if (rk4) (phiDependency, blockStructure) = Rk4Structure(jp, sp);
        for (int k = 0; k < _kinds.Length; k++)
        {
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
                if (rk4)
                {
                    // r_a = x_a(n+1) − Φ_a(x(n), p): Φ's structural dependencies from the stage propagation.
                    SlotOf(_d + a);
                    for (int c = 0; c < _m; c++)
                        if (phiDependency![a, c]) SlotOf(c < _d ? c : 2 * _d + (c - _d));
                }
                else
                {
                    ResidualKind kind = _kinds[k];
                    for (int lp = 0; lp < _localPoints; lp++)
                    {
                        if (kind.Identity[lp] != 0) sources.Add(new Contribution(SlotOf(lp * _d + a), lp, -1, kind.Identity[lp]));
                        if (kind.Drift[lp] == 0) continue;
                        for (int e = jp.RowStart[a]; e < jp.RowStart[a + 1]; e++)
                        {
                            int j = jp.ColumnIndex[e];
                            int local = j < _d ? lp * _d + j : _estimatedSlot[j - _d] is int slot and >= 0 ? _localPoints * _d + slot : -1;
                            if (local >= 0) sources.Add(new Contribution(SlotOf(local), lp, e, kind.Drift[lp]));
                        }
                    }
                }
                _rowColumns[k * _d + a] = columns.ToArray();
                _rowSources[k * _d + a] = sources.ToArray();
            }
        }
        _pairOffset = new int[rows];
        int pairs = 0;
        for (int r = 0; r < rows; r++)
        {
            _pairOffset[r] = pairs;
            int length = _rowColumns[r].Length;
            pairs += length * (length + 1) / 2;
        }
        _pairsPerStep = pairs;
        int maxRow = 0;
        foreach (int[] c in _rowColumns) maxRow = Math.Max(maxRow, c.Length);
        _rowValues = new double[maxRow];

        // The pattern: diagonal, measurement diagonal, Gauss–Newton cliques, second-order entries.
        int variables = problem.VariableCount;
        var entries = new HashSet<int>[variables];
        for (int i = 0; i < variables; i++) entries[i] = new HashSet<int> { i };
        void Add(int i, int j)
        {
            if (i < j) (i, j) = (j, i);
            entries[i].Add(j);
        }
        for (int step = 0; step < _n; step++)
            for (int r = 0; r < rows; r++)
            {
                int[] columns = _rowColumns[r];
                for (int s = 0; s < columns.Length; s++)
                    for (int t = 0; t <= s; t++) Add(GlobalColumn(step, columns[s]), GlobalColumn(step, columns[t]));
            }
        if (rk4)
        {
            for (int step = 0; step < _n; step++)
                for (int i = 0; i < _m; i++)
                    for (int j = 0; j <= i; j++)
                        if (blockStructure![i * (i + 1) / 2 + j] != 0) Add(GlobalColumn(step, BlockLocal(i)), GlobalColumn(step, BlockLocal(j)));
        }
        else
        {
            for (int point = 0; point < points; point++)
                if (DriftUsed(point))
                    for (int row = 0; row < _d + _p; row++)
                        for (int e = sp.RowStart[row]; e < sp.RowStart[row + 1]; e++)
                        {
                            int gi = PointVariable(point, row), gj = PointVariable(point, sp.ColumnIndex[e]);
                            if (gi >= 0 && gj >= 0) Add(gi, gj);
                        }
        }
        var rowStart = new int[variables + 1];
        for (int i = 0; i < variables; i++) rowStart[i + 1] = rowStart[i] + entries[i].Count;
        var columnIndex = new int[rowStart[variables]];
        for (int i = 0; i < variables; i++)
        {
            int at = rowStart[i];
            foreach (int j in entries[i]) columnIndex[at++] = j;
            Array.Sort(columnIndex, rowStart[i], entries[i].Count);
        }
        Pattern = new SparsityPattern(variables, variables, rowStart, columnIndex);

        // Positions of every scattered value.
        Observations obs = problem.Observations;
        _measurementPositions = new int[obs.Times.Length * obs.Components.Length];
        for (int row = 0; row < obs.Times.Length; row++)
            for (int c = 0; c < obs.Components.Length; c++)
            {
                int index = obs.Times[row] * _d + obs.Components[c];
                _measurementPositions[row * obs.Components.Length + c] = Pattern.IndexOf(index, index);
            }
        _pairPositions = new int[_n * _pairsPerStep];
        for (int step = 0; step < _n; step++)
            for (int r = 0; r < rows; r++)
            {
                int[] columns = _rowColumns[r];
                int at = step * _pairsPerStep + _pairOffset[r];
                for (int s = 0; s < columns.Length; s++)
                    for (int t = 0; t <= s; t++) _pairPositions[at++] = Position(GlobalColumn(step, columns[s]), GlobalColumn(step, columns[t]));
            }

        if (rk4)
        {
            _f = _jacobian = _weights = _contraction = Array.Empty<double>();
            _contractionPositions = Array.Empty<int>();
            _stageY = new double[4 * _d];
            _stageK = new double[4 * _d];
            _stageJacobian = new double[4 * jp.NonZeroCount];
            _tangent = new double[_d * _m];
            _stageTangent = new double[4 * _d * _m];
            _phiJacobian = new double[_d * _m];
            _adjoint = new double[4 * _d];
            _localBlock = new double[_m * (_m + 1) / 2];
            _contraction = new double[sp.NonZeroCount];
            _unitRows = new double[_estimatedCount * _m];
            for (int k = 0; k < _estimatedCount; k++) _unitRows[k * _m + _d + k] = 1.0;
            int blockSize = _m * (_m + 1) / 2;
            _blockPositions = new int[_n * blockSize];
            for (int step = 0; step < _n; step++)
                for (int i = 0; i < _m; i++)
                    for (int j = 0; j <= i; j++)
                        _blockPositions[step * blockSize + i * (i + 1) / 2 + j] = blockStructure![i * (i + 1) / 2 + j] != 0
                            ? Position(GlobalColumn(step, BlockLocal(i)), GlobalColumn(step, BlockLocal(j)))
                            : -1;
        }
        else
        {
            _f = new double[points * _d];
            _jacobian = new double[points * jp.NonZeroCount];
            _weights = new double[points * _d];
            _contraction = new double[sp.NonZeroCount];
            _contractionPositions = new int[points * sp.NonZeroCount];
            for (int point = 0; point < points; point++)
                for (int row = 0; row < _d + _p; row++)
                    for (int e = sp.RowStart[row]; e < sp.RowStart[row + 1]; e++)
                    {
                        int gi = PointVariable(point, row), gj = PointVariable(point, sp.ColumnIndex[e]);
                        _contractionPositions[point * sp.NonZeroCount + e] = gi >= 0 && gj >= 0 && DriftUsed(point) ? Position(gi, gj) : -1;
                    }
            _stageY = _stageK = _stageJacobian = _tangent = _stageTangent = _phiJacobian = _adjoint = _localBlock = _unitRows = Array.Empty<double>();
            _blockPositions = Array.Empty<int>();
        }
    }

    /// <summary>Lower-triangle CSR pattern of the Hessian over the packed variables.</summary>
    public SparsityPattern Pattern { get; }

    /// <summary>The problem this Hessian was built for.</summary>
    public AssimilationProblem<TModel> Problem => _problem;

    /// <summary>
    /// The elimination order that makes the Hessian an arrowhead for <see cref="ArrowheadLdlt"/>:
    /// time points in order (each grid point followed by the following midpoint for
    /// Hermite–Simpson), then the estimated parameters as the border (<see cref="BorderCount"/>).
    /// </summary>
    public int[] EliminationOrder()
    {
        var order = new int[_problem.VariableCount];
        int q = 0;
        for (int step = 0; step <= _n; step++)
        {
            for (int a = 0; a < _d; a++) order[q++] = step * _d + a;
            if (_problem.MidpointCount > 0 && step < _n)
                for (int a = 0; a < _d; a++) order[q++] = (_n + 1 + step) * _d + a;
        }
        for (int k = 0; k < _estimatedCount; k++) order[q++] = _parameterOffset + k;
        return order;
    }

    /// <summary>Number of border (parameter) rows in <see cref="EliminationOrder"/>.</summary>
    public int BorderCount => _estimatedCount;

    /// <summary>The model precisions R_f per state component (set by annealing).</summary>
    public void SetModelPrecision(ReadOnlySpan<double> rf)
    {
        ModelPrecisionArgument.CheckAndCopy(rf, _rf);
    }

    /// <summary>Writes the Hessian values at <paramref name="packed"/> in <see cref="Pattern"/> order.</summary>
    public void Evaluate(ReadOnlySpan<double> packed, Span<double> values)
    {
        if (packed.Length != Pattern.RowCount) throw new ArgumentException($"packed must have {Pattern.RowCount} entries, not {packed.Length}.", nameof(packed));
        if (values.Length != Pattern.NonZeroCount) throw new ArgumentException($"values must have {Pattern.NonZeroCount} entries, not {values.Length}.", nameof(values));
        values.Clear();
        Accumulate(packed, values, default, default);
    }

    /// <summary>result = ∇²A(packed)·v, without forming the matrix.</summary>
    public void Multiply(ReadOnlySpan<double> packed, ReadOnlySpan<double> v, Span<double> result)
    {
        int n = Pattern.RowCount;
        if (packed.Length != n) throw new ArgumentException($"packed must have {n} entries, not {packed.Length}.", nameof(packed));
        if (v.Length != n) throw new ArgumentException($"v must have {n} entries, not {v.Length}.", nameof(v));
        if (result.Length != n) throw new ArgumentException($"result must have {n} entries, not {result.Length}.", nameof(result));
        result.Clear();
        Accumulate(packed, default, v, result);
    }

    /// <summary>
    /// One pass over measurements, steps and points. With <paramref name="values"/> non-empty it
    /// scatters into the CSR values; otherwise it applies each local piece to v into result.
    /// </summary>
    private void Accumulate(ReadOnlySpan<double> packed, Span<double> values, ReadOnlySpan<double> v, Span<double> result)
    {
        bool assemble = !values.IsEmpty;
        _problem.FullParameters(packed, _parameters);

        Observations obs = _problem.Observations;
        int observed = obs.Components.Length;
        for (int row = 0; row < obs.Times.Length; row++)
            for (int c = 0; c < observed; c++)
            {
                double rm = _problem.MeasurementPrecision[c];
                if (assemble) values[_measurementPositions[row * observed + c]] += rm;
                else
                {
                    int index = obs.Times[row] * _d + obs.Components[c];
                    result[index] += rm * v[index];
                }
            }

        if (_problem.Discretization == Discretization.RungeKutta4) AccumulateRk4(packed, values, v, result, assemble);
        else AccumulateCollocation(packed, values, v, result, assemble);
    }

    private void AccumulateCollocation(ReadOnlySpan<double> packed, Span<double> values, ReadOnlySpan<double> v, Span<double> result, bool assemble)
    {
        SparsityPattern jp = TModel.JacobianPattern, sp = TModel.SecondDerivativePattern;
        int nnzJ = jp.NonZeroCount, nnzS = sp.NonZeroCount;
        int points = _n + 1 + _problem.MidpointCount;
        for (int point = 0; point < points; point++)
        {
            ReadOnlySpan<double> x = packed.Slice(point * _d, _d), u = StimulusAtPoint(point);
            TModel.VectorField(x, _parameters, u, _f.AsSpan(point * _d, _d));
            TModel.Jacobian(x, _parameters, u, _jacobian.AsSpan(point * nnzJ, nnzJ));
        }
        Array.Clear(_weights);

        Span<int> pointOf = stackalloc int[3];
        for (int step = 0; step < _n; step++)
        {
            for (int lp = 0; lp < _localPoints; lp++) pointOf[lp] = LocalPointIndex(step, lp);
            for (int k = 0; k < _kinds.Length; k++)
            {
                ResidualKind kind = _kinds[k];
                for (int a = 0; a < _d; a++)
                {
                    double r = 0;
                    for (int lp = 0; lp < _localPoints; lp++)
                        r += kind.Identity[lp] * packed[pointOf[lp] * _d + a] + kind.Drift[lp] * _f[pointOf[lp] * _d + a];
                    double rho = _rf[a] * r;
                    for (int lp = 0; lp < _localPoints; lp++)
                        if (kind.Drift[lp] != 0) _weights[pointOf[lp] * _d + a] += kind.Drift[lp] * rho;

                    int row = k * _d + a;
                    Contribution[] sources = _rowSources[row];
                    int length = _rowColumns[row].Length;
                    Span<double> rowValues = _rowValues.AsSpan(0, length);
                    rowValues.Clear();
                    foreach (Contribution c in sources)
                        rowValues[c.Slot] += c.Coefficient * (c.JacobianEntry < 0 ? 1.0 : _jacobian[pointOf[c.LocalPoint] * nnzJ + c.JacobianEntry]);
                    AddRow(step, row, _rf[a], rowValues, values, v, result, assemble);
                }
            }
        }

        for (int point = 0; point < points; point++)
        {
            if (!DriftUsed(point)) continue;
            ReadOnlySpan<double> x = packed.Slice(point * _d, _d);
            TModel.SecondDerivativeContraction(x, _parameters, StimulusAtPoint(point), _weights.AsSpan(point * _d, _d), _contraction);
            if (assemble)
            {
                ReadOnlySpan<int> positions = _contractionPositions.AsSpan(point * nnzS, nnzS);
                for (int e = 0; e < nnzS; e++)
                    if (positions[e] >= 0) values[positions[e]] += _contraction[e];
            }
            else
            {
                for (int row = 0; row < _d + _p; row++)
                {
                    int gi = PointVariable(point, row);
                    if (gi < 0) continue;
                    for (int e = sp.RowStart[row]; e < sp.RowStart[row + 1]; e++)
                    {
                        int gj = PointVariable(point, sp.ColumnIndex[e]);
                        if (gj < 0) continue;
                        result[gi] += _contraction[e] * v[gj];
                        if (gj != gi) result[gj] += _contraction[e] * v[gi];
                    }
                }
            }
        }
    }

    /// <summary>Adds R_f,a ∇r_a ∇r_aᵀ for one residual row: scattered, or applied to v.</summary>
    private void AddRow(int step, int row, double rf, ReadOnlySpan<double> rowValues, Span<double> values, ReadOnlySpan<double> v, Span<double> result, bool assemble)
    {
        int[] columns = _rowColumns[row];
        if (assemble)
        {
            int at = step * _pairsPerStep + _pairOffset[row];
            for (int s = 0; s < columns.Length; s++)
            {
                double scaled = rf * rowValues[s];
                for (int t = 0; t <= s; t++) values[_pairPositions[at++]] += scaled * rowValues[t];
            }
        }
        else
        {
            double dot = 0;
            for (int s = 0; s < columns.Length; s++) dot += rowValues[s] * v[GlobalColumn(step, columns[s])];
            dot *= rf;
            for (int s = 0; s < columns.Length; s++) result[GlobalColumn(step, columns[s])] += rowValues[s] * dot;
        }
    }

    private void AccumulateRk4(ReadOnlySpan<double> packed, Span<double> values, ReadOnlySpan<double> v, Span<double> result, bool assemble)
    {
        SparsityPattern jp = TModel.JacobianPattern, sp = TModel.SecondDerivativePattern;
        int nnzJ = jp.NonZeroCount, d = _d, m = _m, blockSize = m * (m + 1) / 2;
        double h = _problem.Dt;
        ReadOnlySpan<int> jStart = jp.RowStart, jColumn = jp.ColumnIndex;
        Span<double> lambda = _adjoint.AsSpan(0, d), kbar = _adjoint.AsSpan(d, d), ybar = _adjoint.AsSpan(2 * d, d);
        Span<double> stageWeights = _adjoint.AsSpan(3 * d, d);
        // Stage i: y_i = x + c_i h k_{i−1}; Φ = x + h Σ b_i k_i.
        ReadOnlySpan<double> c = stackalloc double[] { 0.0, 0.5, 0.5, 1.0 };
        ReadOnlySpan<double> b = stackalloc double[] { 1.0 / 6, 2.0 / 6, 2.0 / 6, 1.0 / 6 };

        for (int step = 0; step < _n; step++)
        {
            ReadOnlySpan<double> x = packed.Slice(step * d, d), x1 = packed.Slice((step + 1) * d, d);
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
                ReadOnlySpan<double> u = StageStimulus(step, i);
                TModel.VectorField(y, _parameters, u, k);
                Span<double> jac = _stageJacobian.AsSpan(i * nnzJ, nnzJ);
                TModel.Jacobian(y, _parameters, u, jac);
                // ∂k_i = J_x ∂y_i + J_p E
                _tangent.AsSpan().Clear();
                for (int a = 0; a < d; a++)
                    for (int e = jStart[a]; e < jStart[a + 1]; e++)
                    {
                        int j = jColumn[e];
                        if (j < d) VectorMath.AddScaled(_tangent.AsSpan(a * m, m), jac[e], tangent.Slice(j * m, m));
                        else if (_estimatedSlot[j - d] is int slot and >= 0) _tangent[a * m + d + slot] += jac[e];
                    }
                VectorMath.AddScaled(_phiJacobian, b[i] * h, _tangent);
            }

            // Residual and ρ; λ = −ρ is the cotangent of Φ.
            for (int a = 0; a < d; a++)
            {
                double phi = x[a] + h * (b[0] * _stageK[a] + b[1] * _stageK[d + a] + b[2] * _stageK[2 * d + a] + b[3] * _stageK[3 * d + a]);
                lambda[a] = -_rf[a] * (x1[a] - phi);
            }

            // Gauss–Newton rows: ∇r_a = e(x_a(n+1)) − ∇Φ_a.
            for (int a = 0; a < d; a++)
            {
                int[] columns = _rowColumns[a];
                Span<double> rowValues = _rowValues.AsSpan(0, columns.Length);
                for (int s = 0; s < columns.Length; s++)
                {
                    int local = columns[s];
                    rowValues[s] = local == d + a ? 1.0 : -_phiJacobian[a * m + (local < d ? local : d + (local - 2 * d))];
                }
                AddRow(step, a, _rf[a], rowValues, values, v, result, assemble);
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
                TModel.SecondDerivativeContraction(_stageY.AsSpan(i * d, d), _parameters, StageStimulus(step, i), stageWeights, _contraction);
                AddCongruence(sp, _stageTangent.AsSpan(i * d * m, d * m));
            }
            if (assemble)
            {
                ReadOnlySpan<int> positions = _blockPositions.AsSpan(step * blockSize, blockSize);
                for (int q = 0; q < blockSize; q++)
                    if (positions[q] >= 0) values[positions[q]] += _localBlock[q];
            }
            else
            {
                for (int i = 0; i < m; i++)
                {
                    int gi = GlobalColumn(step, BlockLocal(i));
                    for (int j = 0; j <= i; j++)
                    {
                        double s = _localBlock[i * (i + 1) / 2 + j];
                        if (s == 0) continue;
                        int gj = GlobalColumn(step, BlockLocal(j));
                        result[gi] += s * v[gj];
                        if (i != j) result[gj] += s * v[gi];
                    }
                }
            }
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
        int slot = _estimatedSlot[index - _d];
        return slot < 0 ? ReadOnlySpan<double>.Empty : _unitRows.AsSpan(slot * _m, _m);
    }

    // ---- structure ------------------------------------------------------------------------

    /// <summary>
    /// The RK4 step's structure, by propagating the Jacobian pattern through the four stages with
    /// stage tangents T_i = ∂(y_i, p)/∂(x(n), p_est): which of (x(n), p_est) each Φ_a depends on,
    /// and the non-zeros of Σ_i T_iᵀ S_i T_i (packed lower triangle; non-zero = 1).
    /// </summary>
    private (bool[,] PhiDependency, int[] Block) Rk4Structure(SparsityPattern jp, SparsityPattern sp)
    {
        int d = _d, m = d + _estimatedCount;
        var phi = new bool[d, m];
        for (int a = 0; a < d; a++) phi[a, a] = true;
        var block = new int[m * (m + 1) / 2];
        var tangent = new bool[d + _p, m]; // rows: stage state, then the parameters
        for (int j = 0; j < _p; j++)
            if (_estimatedSlot[j] >= 0) tangent[d + j, d + _estimatedSlot[j]] = true;
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
                    else if (_estimatedSlot[j - d] is int slot and >= 0) next[a, d + slot] = true;
                }
            k = next;
            for (int a = 0; a < d; a++)
                for (int q = 0; q < m; q++) phi[a, q] |= k[a, q];
        }
        return (phi, block);
    }

    /// <summary>Whether F at this point enters any residual (forward Euler never uses F at x(N)).</summary>
    private bool DriftUsed(int point) => !(_problem.Discretization == Discretization.ForwardEuler && point == _n);

    private int Position(int i, int j)
    {
        int position = i >= j ? Pattern.IndexOf(i, j) : Pattern.IndexOf(j, i);
        if (position < 0) throw new InvalidOperationException($"internal error: Hessian entry ({i}, {j}) is missing from the pattern.");
        return position;
    }

    /// <summary>Global point index of local point lp of a step: x(n), x(n+1), then the midpoint x(n+½).</summary>
    private int LocalPointIndex(int step, int lp) => lp < 2 ? step + lp : _n + 1 + step;

    /// <summary>Packed index of a step's local column: local point · D + state, then estimated parameters.</summary>
    private int GlobalColumn(int step, int local)
    {
        int states = _localPoints * _d;
        return local < states ? LocalPointIndex(step, local / _d) * _d + local % _d : _parameterOffset + (local - states);
    }

    /// <summary>Local column of RK4 block index i (x(n) states, then estimated parameters).</summary>
    private int BlockLocal(int i) => i < _d ? i : 2 * _d + (i - _d);

    /// <summary>Packed index of (x, p) index <paramref name="index"/> at a point, or −1 for a fixed parameter.</summary>
    private int PointVariable(int point, int index)
    {
        if (index < _d) return point * _d + index;
        int slot = _estimatedSlot[index - _d];
        return slot < 0 ? -1 : _parameterOffset + slot;
    }

    private ReadOnlySpan<double> StimulusAtPoint(int point)
    {
        if (_u == 0) return ReadOnlySpan<double>.Empty;
        double[] s = _problem.Stimulus;
        if (point <= _n) return s.AsSpan(point * _u, _u);
        int step = point - _n - 1;
        for (int k = 0; k < _u; k++) _stimulusMid[k] = 0.5 * (s[step * _u + k] + s[(step + 1) * _u + k]);
        return _stimulusMid;
    }

    /// <summary>Stimulus at RK4 stage i of a step: t_n, midpoint, midpoint, t_{n+1}.</summary>
    private ReadOnlySpan<double> StageStimulus(int step, int stage)
    {
        if (_u == 0) return ReadOnlySpan<double>.Empty;
        if (stage == 0) return _problem.Stimulus.AsSpan(step * _u, _u);
        if (stage == 3) return _problem.Stimulus.AsSpan((step + 1) * _u, _u);
        return StimulusAtPoint(_n + 1 + step);
    }
}
