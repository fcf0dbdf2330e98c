using System;

namespace DeepestLearning;

/// <summary>
/// Selected inversion of the factored arrowhead: the entries of M⁻¹ on the structure of the factor
/// (the envelope of the band rows, every band–border pair and the border block), from the factor
/// alone, without forming M⁻¹ (Takahashi, Fagan and Chin 1973; Erisman and Tinney 1975).
/// </summary>
/// <remarks>
/// <para>With M = L D Lᵀ and Z = M⁻¹ we have Lᵀ Z = D⁻¹ L⁻¹, whose right side is upper triangular
/// with diagonal 1/D. Read entry (j, i) with i ≥ j: Z_ij = δ_ij / D_j − Σ_{k&gt;j} L_kj Z_ki. The sum
/// runs over the rows k in which column j of L is stored, and every Z_ki it needs lies in the
/// structure of the factor again (the envelope is closed under fill), so walking the columns from
/// the last to the first computes Z on that structure and nothing outside it.</para>
/// <para>In the arrowhead the full factor is
/// [[L₁, 0], [Wᵀ D₁⁻¹, L₂]] · diag(D₁, D₂) · [[L₁ᵀ, D₁⁻¹ W], [0, L₂ᵀ]] with W = L₁⁻¹ Cᵀ and
/// S = L₂ D₂ L₂ᵀ the Schur complement: every border row holds the whole column j, with the value
/// W_jb / D_j. So the border block of Z (k × k) comes first, as the dense inverse of S by the same
/// recurrence, and each band column j then costs (its column length + k)² — linear in the number of
/// time points for a fixed bandwidth and border, as the factorization.</para>
/// <para>The storage (the size of the factor) is allocated at the first call and reused; later calls
/// allocate nothing.</para>
/// </remarks>
public sealed partial class ArrowheadLdlt
{
    private double[]? _inverseBand;    // Z on the envelope, laid out as _band (row i, columns first(i)…i)
    private double[]? _inverseBorder;  // band × k: row i holds Z between band variable i and the k border variables
    private double[]? _inverseSchur;   // k × k: the border block of Z, both triangles
    private double[]? _columnValues;   // column j of L below the diagonal, indexed by band row (zero where not stored)
    private double[]? _columnProduct;  // y = Z_trailing · l for the current column, indexed by band row
    private double[]? _borderValues, _borderProduct; // the same for the k border rows
    private int[]? _columnLast;        // the last band row whose envelope reaches column j

    /// <summary>
    /// The diagonal of M⁻¹ for M the matrix of the last <see cref="Factor"/> call (original order), and
    /// optionally the whole border block of M⁻¹: the covariance of the border variables when M is the
    /// Hessian of a negative log-density. Never forms M⁻¹; the cost is that of a factorization.
    /// </summary>
    /// <param name="diagonal">Receives (M⁻¹)_ii for every original index i (<see cref="Size"/> values).</param>
    /// <param name="borderBlock">
    /// Empty, or receives the k × k border block of M⁻¹ row-major, k = the border count given to the
    /// constructor, row r being the r-th of the last k variables of the elimination order.
    /// </param>
    /// <remarks>M need not be positive definite, only factored without a zero pivot; a covariance needs it positive definite.</remarks>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="InvalidOperationException">Nothing is factored, or the factorization met a zero pivot.</exception>
    public void SelectedInverse(Span<double> diagonal, Span<double> borderBlock = default)
    {
        ModelArguments.RequireExactLength(diagonal.Length, _n, nameof(diagonal));
        int k = _borderCount;
        if (!borderBlock.IsEmpty) ModelArguments.RequireExactLength(borderBlock.Length, k * k, nameof(borderBlock));
        if (Inertia.Zero != 0 || Inertia.Positive + Inertia.Negative != _n) throw new InvalidOperationException("the matrix is not factored (or the factorization met a zero pivot).");
        EnsureInverseStorage();

        InvertSchurComplement();
        for (int j = _bandCount - 1; j >= 0; j--) InvertBandColumn(j);

        for (int i = 0; i < _n; i++)
        {
            int q = _position[i];
            diagonal[i] = q < _bandCount ? _inverseBand![_rowOffset[q + 1] - 1] : _inverseSchur![(q - _bandCount) * k + (q - _bandCount)];
        }
        if (!borderBlock.IsEmpty) _inverseSchur.AsSpan().CopyTo(borderBlock);
    }

    /// <summary>
    /// (M⁻¹)_ij after <see cref="SelectedInverse"/>, when (i, j) lies in the structure of the factor — the
    /// envelope of the band, a band–border pair or the border block; returns false elsewhere (the entry
    /// exists but was not computed). For an action Hessian this includes the covariances of the components
    /// of one time point with each other, with the neighbouring point and with the parameters.
    /// </summary>
    /// <param name="i">An original index.</param>
    /// <param name="j">An original index.</param>
    /// <param name="value">The entry, or NaN when it is not in the structure.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0 … <see cref="Size"/> − 1.</exception>
    /// <exception cref="InvalidOperationException"><see cref="SelectedInverse"/> has not run.</exception>
    public bool TryGetSelectedInverse(int i, int j, out double value)
    {
        ModelArguments.RequireIndex(i, _n, nameof(i));
        ModelArguments.RequireIndex(j, _n, nameof(j));
        if (_inverseBand is null) throw new InvalidOperationException("SelectedInverse has not run.");
        int a = Math.Max(_position[i], _position[j]), b = Math.Min(_position[i], _position[j]), k = _borderCount;
        if (a >= _bandCount)
        {
            value = b >= _bandCount ? _inverseSchur![(a - _bandCount) * k + (b - _bandCount)] : _inverseBorder![b * k + (a - _bandCount)];
            return true;
        }
        if (b < _first[a])
        {
            value = double.NaN;
            return false;
        }
        value = _inverseBand[_rowOffset[a] + b - _first[a]];
        return true;
    }

    /// <summary>
    /// The smallest and largest pivot magnitude |D_i| of the last <see cref="Factor"/> (band and Schur
    /// pivots). Their ratio bounds the condition number from below; for a matrix scaled to unit
    /// diagonal, 1 / smallest pivot does, which is how a caller can tell that an inverse will be inaccurate.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is factored, or the factorization met a zero pivot.</exception>
    public (double Smallest, double Largest) PivotMagnitudes()
    {
        if (Inertia.Zero != 0 || Inertia.Positive + Inertia.Negative != _n) throw new InvalidOperationException("the matrix is not factored (or the factorization met a zero pivot).");
        double smallest = double.PositiveInfinity, largest = 0;
        for (int i = 0; i < _bandCount; i++)
        {
            double p = Math.Abs(Diagonal(i));
            smallest = Math.Min(smallest, p);
            largest = Math.Max(largest, p);
        }
        for (int r = 0; r < _borderCount; r++)
        {
            double p = Math.Abs(_schur[r * _borderCount + r]);
            smallest = Math.Min(smallest, p);
            largest = Math.Max(largest, p);
        }
        return (smallest, largest);
    }

    /// <summary>
    /// log |det M| of the matrix of the last <see cref="Factor"/>, the sum of log |D_i| over its pivots (the unit
    /// triangular factors have determinant 1); the sign of det M is (−1)^(negative pivots), <see cref="Inertia"/>.
    /// A sum of logarithms, so it neither overflows nor underflows where the product of the pivots would.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is factored, or the factorization met a zero pivot.</exception>
    public double LogAbsDeterminant()
    {
        if (Inertia.Zero != 0 || Inertia.Positive + Inertia.Negative != _n) throw new InvalidOperationException("the matrix is not factored (or the factorization met a zero pivot).");
        double sum = 0;
        for (int i = 0; i < _bandCount; i++) sum += Math.Log(Math.Abs(Diagonal(i)));
        for (int r = 0; r < _borderCount; r++) sum += Math.Log(Math.Abs(_schur[r * _borderCount + r]));
        return sum;
    }

    private void EnsureInverseStorage()
    {
        if (_inverseBand is not null) return;
        int k = _borderCount;
        _inverseBand = new double[_borderOffset];
        _inverseBorder = new double[_bandCount * k];
        _inverseSchur = new double[k * k];
        _columnValues = new double[_bandCount];
        _columnProduct = new double[_bandCount];
        _borderValues = new double[k];
        _borderProduct = new double[k];
        // last(j) = max{i : first(i) ≤ j}, the end of column j's rows: each row is recorded at its first column and
        // a running maximum carries it to every later column. Rows that end before j are below j, so starting from j
        // makes them harmless.
        _columnLast = new int[_bandCount];
        for (int j = 0; j < _bandCount; j++) _columnLast[j] = j;
        for (int i = 0; i < _bandCount; i++) _columnLast[_first[i]] = Math.Max(_columnLast[_first[i]], i);
        for (int j = 1; j < _bandCount; j++) _columnLast[j] = Math.Max(_columnLast[j], _columnLast[j - 1]);
    }

    /// <summary>The border block: Z₂₂ = S⁻¹ from S = L₂ D₂ L₂ᵀ (lower triangle of _schur), by the recurrence on a dense factor.</summary>
    private void InvertSchurComplement()
    {
        int k = _borderCount;
        double[] z = _inverseSchur!;
        Span<double> y = _borderProduct;
        for (int j = k - 1; j >= 0; j--)
        {
            // y_i = Σ_{t>j} L₂[t, j] Z[t, i] for i > j; then Z[i, j] = −y_i and Z[j, j] = 1/D₂_j + Σ L₂[t, j] y_t.
            for (int i = j + 1; i < k; i++)
            {
                double sum = 0;
                for (int t = j + 1; t < k; t++) sum += _schur[t * k + j] * z[t * k + i];
                y[i] = sum;
            }
            double diagonal = 1.0 / _schur[j * k + j];
            for (int i = j + 1; i < k; i++)
            {
                z[i * k + j] = z[j * k + i] = -y[i];
                diagonal += _schur[i * k + j] * y[i];
            }
            z[j * k + j] = diagonal;
        }
    }

    /// <summary>
    /// Column j of Z over the band rows that store column j of L and over the border, from the columns
    /// after it: y = Z_trailing · l with l column j of L, Z_ij = −y_i, Z_jj = 1/D_j + lᵀ y.
    /// </summary>
    private void InvertBandColumn(int j)
    {
        int k = _borderCount, last = _columnLast![j];
        double[] zBand = _inverseBand!, zBorder = _inverseBorder!, zSchur = _inverseSchur!;
        Span<double> l = _columnValues, y = _columnProduct, lBorder = _borderValues, yBorder = _borderProduct;

        // Gather column j of L: band rows j+1 … last (zero in rows whose envelope starts after j), then the border rows.
        for (int i = j + 1; i <= last; i++)
        {
            l[i] = _first[i] <= j ? _band[_rowOffset[i] + j - _first[i]] : 0.0;
            y[i] = 0.0;
        }
        double inversePivot = 1.0 / Diagonal(j);
        for (int b = 0; b < k; b++) lBorder[b] = _border[j * k + b] * inversePivot;
        yBorder.Clear();

        // y = Z[trailing, trailing] · l, with Z stored by rows of its lower triangle: row i contributes its
        // part left of the diagonal as a dot product (to y_i) and, scaled by l_i, to y of those columns.
        for (int i = j + 1; i <= last; i++)
        {
            if (_first[i] > j) continue; // l_i = 0 and y_i is not needed: row i does not reach column j
            int length = i - j - 1;
            ReadOnlySpan<double> row = zBand.AsSpan(_rowOffset[i] + j + 1 - _first[i], length);
            double li = l[i], zii = zBand[_rowOffset[i + 1] - 1];
            double sum = VectorMath.Dot(row, l.Slice(j + 1, length)) + zii * li;
            if (li != 0) VectorMath.AddScaled(y.Slice(j + 1, length), li, row);
            if (k > 0)
            {
                ReadOnlySpan<double> zi = zBorder.AsSpan(i * k, k);
                sum += VectorMath.Dot(zi, lBorder);
                if (li != 0) VectorMath.AddScaled(yBorder, li, zi);
            }
            y[i] += sum;
        }
        for (int b = 0; b < k; b++) yBorder[b] += VectorMath.Dot(zSchur.AsSpan(b * k, k), lBorder);

        double zjj = inversePivot;
        for (int i = j + 1; i <= last; i++)
        {
            if (_first[i] > j) continue;
            zBand[_rowOffset[i] + j - _first[i]] = -y[i];
            zjj += l[i] * y[i];
        }
        for (int b = 0; b < k; b++)
        {
            zBorder[j * k + b] = -yBorder[b];
            zjj += lBorder[b] * yBorder[b];
        }
        zBand[_rowOffset[j + 1] - 1] = zjj;
    }
}
