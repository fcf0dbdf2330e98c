using System;

namespace DeepestLearning;

/// <summary>
/// The weak-constraint Laplace covariance of <see cref="PathMarginals"/>: the exact action Hessian at a
/// path and a model precision, scaled to unit diagonal, factored as an arrowhead and selectively
/// inverted. The storage is set up once and reused for every precision tried.
/// </summary>
/// <remarks>
/// Scaling H̃ = S H S with S = diag(1/√H_ii) changes nothing in exact arithmetic (H⁻¹ = S H̃⁻¹ S) but
/// makes the pivots comparable: the states and parameters have units and Hessian scales that differ by
/// orders of magnitude, and only on the unit-diagonal matrix does a small pivot mean a nearly singular direction.
/// </remarks>
internal sealed class WeakConstraintHessian<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationProblem<TModel> _problem;
    private readonly ActionHessian<TModel> _hessian;
    private readonly ArrowheadLdlt _ldlt;
    private readonly double[] _values, _scale, _diagonal, _borderBlock;
    private readonly int[] _diagonalPosition;

    /// <summary>What one attempt found.</summary>
    /// <param name="Accepted">Positive definite with the smallest scaled pivot at or above the threshold: the variances were written.</param>
    /// <param name="PositiveDefinite">Whether the scaled Hessian factored with positive pivots only.</param>
    /// <param name="SmallestPivot">The smallest pivot of the unit-diagonal Hessian (NaN when it did not factor).</param>
    /// <param name="Inertia">The factorization's inertia.</param>
    public readonly record struct Outcome(bool Accepted, bool PositiveDefinite, double SmallestPivot, Inertia Inertia);

    public WeakConstraintHessian(AssimilationProblem<TModel> problem)
    {
        _problem = problem;
        _hessian = new ActionHessian<TModel>(problem);
        SparsityPattern pattern = _hessian.Pattern;
        _ldlt = new ArrowheadLdlt(pattern, _hessian.EliminationOrder(), _hessian.BorderCount);
        _values = new double[pattern.NonZeroCount];
        _scale = new double[pattern.RowCount];
        _diagonal = new double[pattern.RowCount];
        _borderBlock = new double[_hessian.BorderCount * _hessian.BorderCount];
        _diagonalPosition = new int[pattern.RowCount];
        for (int i = 0; i < pattern.RowCount; i++) _diagonalPosition[i] = pattern.IndexOf(i, i);
    }

    /// <summary>
    /// Evaluates, scales and factors the Hessian at (<paramref name="packed"/>, <paramref name="rf"/>); when
    /// accepted, writes the grid states' variances and the parameter covariance.
    /// </summary>
    public Outcome Try(ReadOnlySpan<double> packed, ReadOnlySpan<double> rf, double minimumPivot, Span<double> stateVariance, Span<double> parameterCovariance)
    {
        Outcome outcome = Factor(packed, rf, minimumPivot);
        if (!outcome.Accepted) return outcome;
        _ldlt.SelectedInverse(_diagonal, _borderBlock);
        int grid = (_problem.Steps + 1) * TModel.StateCount;
        for (int i = 0; i < grid; i++) stateVariance[i] = _diagonal[i] * _scale[i] * _scale[i];
        int k = _hessian.BorderCount, offset = _problem.ParameterOffset;
        for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++) parameterCovariance[r * k + c] = _borderBlock[r * k + c] * _scale[offset + r] * _scale[offset + c];
        return outcome;
    }

    /// <summary>
    /// Evaluates, scales and factors the Hessian at (<paramref name="packed"/>, <paramref name="rf"/>); when accepted,
    /// also gives log det H (det H = det H̃ / Π s_i², H̃ the unit-diagonal matrix that was factored).
    /// </summary>
    public (Outcome Outcome, double LogDeterminant) LogDeterminant(ReadOnlySpan<double> packed, ReadOnlySpan<double> rf, double minimumPivot)
    {
        Outcome outcome = Factor(packed, rf, minimumPivot);
        if (!outcome.Accepted) return (outcome, double.NaN);
        double logDet = _ldlt.LogAbsDeterminant();
        foreach (double s in _scale) logDet -= 2 * Math.Log(s);
        return (outcome, logDet);
    }

    /// <summary>Evaluates the Hessian, scales it to unit diagonal (<c>_scale</c>) and factors it; accepted when positive definite with no scaled pivot below <paramref name="minimumPivot"/>.</summary>
    private Outcome Factor(ReadOnlySpan<double> packed, ReadOnlySpan<double> rf, double minimumPivot)
    {
        _hessian.SetModelPrecision(rf);
        _hessian.Evaluate(packed, _values);
        SparsityPattern pattern = _hessian.Pattern;
        ReadOnlySpan<int> start = pattern.RowStart, column = pattern.ColumnIndex;
        for (int i = 0; i < pattern.RowCount; i++)
        {
            double h = _values[_diagonalPosition[i]];
            if (!(h > 0)) return new Outcome(false, false, double.NaN, new Inertia(0, 0, 0)); // a non-positive diagonal: not positive definite
            _scale[i] = 1.0 / Math.Sqrt(h);
        }
        for (int i = 0; i < pattern.RowCount; i++)
            for (int p = start[i]; p < start[i + 1]; p++) _values[p] *= _scale[i] * _scale[column[p]];

        bool positive = _ldlt.Factor(_values);
        if (!positive) return new Outcome(false, false, double.NaN, _ldlt.Inertia);
        double smallest = _ldlt.PivotMagnitudes().Smallest;
        if (!(smallest >= minimumPivot)) return new Outcome(false, true, smallest, _ldlt.Inertia);
        return new Outcome(true, true, smallest, _ldlt.Inertia);
    }
}
