using System;

namespace DeepestLearning;

/// <summary>
/// The kinetic energy K(p) = ½ pᵀ M⁻¹ p of the sampler: the velocity M⁻¹p, momentum draws p ~ N(0, M),
/// and the reflection of a trajectory at a bound. One instance per chain (it holds scratch); nothing allocates after construction.
/// </summary>
internal abstract class MassMatrix
{
    /// <summary>The number of variables.</summary>
    public abstract int Dimension { get; }

    /// <summary>Which mass this is.</summary>
    public abstract MassMatrixKind Kind { get; }

    /// <summary>v = M⁻¹ p.</summary>
    public abstract void Velocity(ReadOnlySpan<double> p, Span<double> v);

    /// <summary>Writes a draw p ~ N(0, M).</summary>
    public abstract void Draw(ChainRandom random, Span<double> p);

    /// <summary>Writes column <paramref name="i"/> of M⁻¹.</summary>
    protected abstract void InverseColumn(int i, Span<double> column);

    /// <summary>
    /// The bounce off the plane x_i = bound: p' = p − c eᵢ with c = 2 vᵢ / (M⁻¹)ᵢᵢ, so that v' = M⁻¹p' = v − c M⁻¹eᵢ
    /// has vᵢ' = −vᵢ, and K(p') = K(p) (a reflection in the metric M⁻¹: an involution that preserves volume).
    /// For a diagonal M this is pᵢ → −pᵢ. <paramref name="column"/> is scratch of length n.
    /// </summary>
    public void Reflect(int i, Span<double> p, Span<double> v, Span<double> column)
    {
        InverseColumn(i, column);
        double vi = v[i], c = 2.0 * vi / column[i];
        p[i] -= c;
        for (int j = 0; j < v.Length; j++) v[j] -= c * column[j];
        v[i] = -vi; // exactly, whatever the rounding above: the trajectory leaves the bound
    }
}
