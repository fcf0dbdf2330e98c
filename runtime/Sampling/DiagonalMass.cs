using System;

namespace DeepestLearning;

/// <summary>M = diag(m): momenta pᵢ = √mᵢ zᵢ, velocity pᵢ / mᵢ, a bounce flips pᵢ.</summary>
internal sealed class DiagonalMass : MassMatrix
{
    private readonly double[] _mass, _sqrtMass;

    /// <param name="mass">n positive finite values.</param>
    public DiagonalMass(ReadOnlySpan<double> mass)
    {
        _mass = mass.ToArray();
        _sqrtMass = new double[_mass.Length];
        for (int i = 0; i < _mass.Length; i++)
        {
            if (!(_mass[i] > 0) || !double.IsFinite(_mass[i])) throw new ArgumentException($"mass[{i}] = {_mass[i]} must be positive and finite.", nameof(mass));
            _sqrtMass[i] = Math.Sqrt(_mass[i]);
        }
    }

    public override int Dimension => _mass.Length;

    public override MassMatrixKind Kind => MassMatrixKind.Diagonal;

    public override void Velocity(ReadOnlySpan<double> p, Span<double> v)
    {
        for (int i = 0; i < _mass.Length; i++) v[i] = p[i] / _mass[i];
    }

    public override void Draw(ChainRandom random, Span<double> p)
    {
        for (int i = 0; i < _mass.Length; i++) p[i] = _sqrtMass[i] * random.Normal();
    }

    protected override void InverseColumn(int i, Span<double> column)
    {
        column.Clear();
        column[i] = 1.0 / _mass[i];
    }
}
