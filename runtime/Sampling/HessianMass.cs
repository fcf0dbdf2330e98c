using System;

namespace DeepestLearning;

/// <summary>
/// M = S⁻¹ M̃ S⁻¹ with M̃ = S H S = L D Lᵀ the exact action Hessian at the chain's start scaled to unit
/// diagonal (S = diag(1/√Hᵢᵢ)), possibly shifted by τI to make it positive definite, and factored as an
/// arrowhead (<see cref="ArrowheadLdlt"/>): momenta p = S⁻¹ L D^½ z, velocity S M̃⁻¹ S p — each a pass over
/// the factor, linear in the number of time points. For a Gaussian posterior with this Hessian the
/// Hamiltonian flow is a rotation at the same frequency in every direction.
/// </summary>
internal sealed class HessianMass : MassMatrix
{
    private readonly ArrowheadLdlt _factor;
    private readonly double[] _scale, _z, _rhs;

    /// <param name="factor">A positive definite factorization of M̃ (the scaled, possibly shifted Hessian).</param>
    /// <param name="scale">S: the scaling that made the Hessian's diagonal one.</param>
    public HessianMass(ArrowheadLdlt factor, double[] scale)
    {
        _factor = factor;
        _scale = scale;
        _z = new double[scale.Length];
        _rhs = new double[scale.Length];
    }

    public override int Dimension => _scale.Length;

    public override MassMatrixKind Kind => MassMatrixKind.Hessian;

    public override void Velocity(ReadOnlySpan<double> p, Span<double> v)
    {
        for (int i = 0; i < _scale.Length; i++) _rhs[i] = _scale[i] * p[i];
        _factor.Solve(_rhs, v);
        for (int i = 0; i < _scale.Length; i++) v[i] *= _scale[i];
    }

    public override void Draw(ChainRandom random, Span<double> p)
    {
        for (int i = 0; i < _z.Length; i++) _z[i] = random.Normal();
        _factor.MultiplyFactor(_z, p);
        for (int i = 0; i < _scale.Length; i++) p[i] /= _scale[i];
    }

    protected override void InverseColumn(int i, Span<double> column)
    {
        Array.Clear(_rhs);
        _rhs[i] = _scale[i];
        _factor.Solve(_rhs, column);
        for (int j = 0; j < _scale.Length; j++) column[j] *= _scale[j];
    }
}
