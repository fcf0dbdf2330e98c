using System;

namespace DeepestLearning;

/// <summary>
/// The factor as a linear map: r = L D^½ z for a positive definite factorization M = L D Lᵀ, so that
/// r r ᵀ averages to M when z is standard normal. A Hamiltonian Monte Carlo sampler whose mass matrix is
/// M draws its momenta this way (<see cref="HessianMass"/>).
/// </summary>
/// <remarks>
/// In the arrowhead the full factor is [[L₁, 0], [Wᵀ D₁⁻¹, L₂]] with W = L₁⁻¹ Cᵀ (see
/// <see cref="SelectedInverse"/>): the band part is one pass over the envelope rows, the border part
/// one pass over W and the small dense L₂. Cost is that of a solve; nothing is allocated.
/// </remarks>
public sealed partial class ArrowheadLdlt
{
    /// <summary>
    /// Writes r = P L D^½ z (original order) for the last <see cref="Factor"/>, which must have been positive definite;
    /// <paramref name="z"/> is read in elimination order (entry q belongs to the q-th eliminated variable).
    /// </summary>
    /// <param name="z">n values (standard normal draws, for a momentum).</param>
    /// <param name="result">Receives n values in original order; may alias <paramref name="z"/>.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="InvalidOperationException">Nothing is factored, or the factorization was not positive definite.</exception>
    public void MultiplyFactor(ReadOnlySpan<double> z, Span<double> result)
    {
        ModelArguments.RequireExactLength(z.Length, _n, nameof(z));
        ModelArguments.RequireExactLength(result.Length, _n, nameof(result));
        if (Inertia.Positive != _n) throw new InvalidOperationException("the factor of a matrix that is not positive definite has no square root.");
        Span<double> y = _work;
        int k = _borderCount;
        for (int q = 0; q < _bandCount; q++) y[q] = Math.Sqrt(Diagonal(q)) * z[q];
        for (int b = 0; b < k; b++) y[_bandCount + b] = Math.Sqrt(_schur[b * k + b]) * z[_bandCount + b];

        // Border rows first, while y₁ still holds D₁^½ z₁: r₂ = Wᵀ D₁⁻¹ y₁ + L₂ y₂ (L₂ unit lower triangular).
        for (int b = k - 1; b >= 0; b--)
        {
            double sum = y[_bandCount + b];
            for (int t = 0; t < b; t++) sum += _schur[b * k + t] * y[_bandCount + t];
            for (int i = 0; i < _bandCount; i++) sum += _border[i * k + b] * y[i] / Diagonal(i);
            y[_bandCount + b] = sum; // rows above b read only y₂[t < b], not yet overwritten
        }
        // r₁ = L₁ y₁, from the last row up so that every row still reads the unmodified y.
        for (int i = _bandCount - 1; i >= 0; i--)
        {
            int fi = _first[i];
            double sum = y[i];
            if (fi < i) sum += VectorMath.Dot(_band.AsSpan(_rowOffset[i], i - fi), y.Slice(fi, i - fi));
            y[i] = sum;
        }
        for (int i = 0; i < _n; i++) result[i] = y[_position[i]];
    }
}
