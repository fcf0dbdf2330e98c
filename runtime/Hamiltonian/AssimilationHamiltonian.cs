using System;

namespace DeepestLearning;

/// <summary>
/// The Hamiltonian of the continuous-time action (docs/design.md §1.4) for a model at finite R_f:
/// <code>H(x, p) = |p|²/(2R_f) + p·F(x, θ, u) − R_m/2 Σ_{l∈obs} (x_l − y_l)²</code>
/// with the canonical momentum p = R_f(ẋ − F); the last term is the measurement forcing, present
/// only while <see cref="SetForcing"/> has set data. Hamilton's equations are
/// ẋ = ∂H/∂p = F + p/R_f and ṗ = −∂H/∂x = −(∂F/∂x)ᵀp + R_m(x − y). Every derivative comes from the
/// generated members; nothing allocates after construction.
/// </summary>
public sealed class AssimilationHamiltonian<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly double[] _f, _product, _jacobian, _second;
    private readonly double[] _parameters;
    private int[] _forcedComponents = Array.Empty<int>();
    private double[] _forcedValues = Array.Empty<double>();
    private double _forcingPrecision;

    /// <summary>The Hamiltonian of the model at model precision R_f with fixed parameters, without measurement forcing.</summary>
    /// <param name="modelPrecision">R_f, positive and finite.</param>
    /// <param name="parameters">The model's P parameters (copied).</param>
    /// <exception cref="ArgumentException"><paramref name="modelPrecision"/> is not positive and finite, or <paramref name="parameters"/> does not have P entries.</exception>
    public AssimilationHamiltonian(double modelPrecision, ReadOnlySpan<double> parameters)
    {
        if (!(modelPrecision > 0) || !double.IsFinite(modelPrecision)) throw new ArgumentException($"modelPrecision = {modelPrecision} must be positive and finite.", nameof(modelPrecision));
        ModelArguments.RequireExactLength(parameters.Length, TModel.ParameterCount, nameof(parameters));
        ModelPrecision = modelPrecision;
        _parameters = parameters.ToArray();
        int d = TModel.StateCount;
        _f = new double[d];
        _product = new double[d + TModel.ParameterCount];
        _jacobian = new double[TModel.JacobianPattern.NonZeroCount];
        _second = new double[TModel.SecondDerivativePattern.NonZeroCount];
    }

    /// <summary>R_f.</summary>
    public double ModelPrecision { get; }

    /// <summary>The model parameters θ the vector field is evaluated with.</summary>
    public ReadOnlySpan<double> Parameters => _parameters;

    /// <summary>Phase-space dimension 2D: z = (x, p).</summary>
    public int Dimension => 2 * TModel.StateCount;

    /// <summary>Sets the measurement forcing R_m/2 Σ (x_l − y_l)² (components, their data, R_m); an empty component list removes it.</summary>
    public void SetForcing(int[] components, double[] values, double precision)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(values);
        if (components.Length != values.Length) throw new ArgumentException($"values must have one entry per component ({components.Length}), not {values.Length}.", nameof(values));
        foreach (int c in components)
            if ((uint)c >= (uint)TModel.StateCount) throw new ArgumentException($"component {c} lies outside 0 … {TModel.StateCount - 1}.", nameof(components));
        if (!(precision >= 0) || !double.IsFinite(precision)) throw new ArgumentException($"precision = {precision} must be finite and not negative.", nameof(precision));
        _forcedComponents = components;
        _forcedValues = values;
        _forcingPrecision = precision;
    }

    /// <summary>H(z) for z = (x, p).</summary>
    public double Value(ReadOnlySpan<double> z, ReadOnlySpan<double> u)
    {
        int d = TModel.StateCount;
        ModelArguments.RequireLength(z.Length, 2 * d, nameof(z));
        TModel.VectorField(z.Slice(0, d), _parameters, u, _f);
        double h = 0;
        for (int a = 0; a < d; a++) h += z[d + a] * z[d + a] / (2 * ModelPrecision) + z[d + a] * _f[a];
        for (int c = 0; c < _forcedComponents.Length; c++)
        {
            double e = z[_forcedComponents[c]] - _forcedValues[c];
            h -= 0.5 * _forcingPrecision * e * e;
        }
        return h;
    }

    /// <summary>∇H = (∂H/∂x, ∂H/∂p).</summary>
    public void Gradient(ReadOnlySpan<double> z, ReadOnlySpan<double> u, Span<double> gradient)
    {
        int d = TModel.StateCount;
        ModelArguments.RequireLength(z.Length, 2 * d, nameof(z));
        ModelArguments.RequireLength(gradient.Length, 2 * d, nameof(gradient));
        ReadOnlySpan<double> x = z.Slice(0, d), p = z.Slice(d, d);
        TModel.VectorField(x, _parameters, u, _f);
        TModel.JacobianTransposeProduct(x, _parameters, u, p, _product);
        for (int a = 0; a < d; a++)
        {
            gradient[a] = _product[a];
            gradient[d + a] = p[a] / ModelPrecision + _f[a];
        }
        for (int c = 0; c < _forcedComponents.Length; c++)
            gradient[_forcedComponents[c]] -= _forcingPrecision * (z[_forcedComponents[c]] - _forcedValues[c]);
    }

    /// <summary>Hamilton's equations: dz/dτ = J∇H = (∂H/∂p, −∂H/∂x).</summary>
    public void VectorField(ReadOnlySpan<double> z, ReadOnlySpan<double> u, Span<double> dz)
    {
        int d = TModel.StateCount;
        ModelArguments.RequireLength(dz.Length, 2 * d, nameof(dz));
        Gradient(z, u, dz);
        for (int a = 0; a < d; a++)
        {
            double hx = dz[a];
            dz[a] = dz[d + a];
            dz[d + a] = -hx;
        }
    }

    /// <summary>
    /// The Jacobian of <see cref="VectorField"/> (2D × 2D, row-major):
    /// [[∂F/∂x, I/R_f], [−Σᵢ pᵢ∇²ₓFᵢ + R_m·P_obs, −(∂F/∂x)ᵀ]] — a Hamiltonian matrix.
    /// </summary>
    public void VectorFieldJacobian(ReadOnlySpan<double> z, ReadOnlySpan<double> u, Span<double> matrix)
    {
        int d = TModel.StateCount, n = 2 * d;
        ModelArguments.RequireLength(z.Length, n, nameof(z));
        ModelArguments.RequireLength(matrix.Length, n * n, nameof(matrix));
        matrix.Slice(0, n * n).Clear();
        ReadOnlySpan<double> x = z.Slice(0, d), p = z.Slice(d, d);
        SparsityPattern jp = TModel.JacobianPattern;
        TModel.Jacobian(x, _parameters, u, _jacobian);
        for (int r = 0; r < d; r++)
            for (int e = jp.RowStart[r]; e < jp.RowStart[r + 1]; e++)
            {
                int c = jp.ColumnIndex[e];
                if (c >= d) continue;
                matrix[r * n + c] = _jacobian[e];                // ∂ẋ_r/∂x_c
                matrix[(d + c) * n + d + r] = -_jacobian[e];     // ∂ṗ_c/∂p_r = −J_rc
            }
        for (int a = 0; a < d; a++) matrix[a * n + d + a] = 1.0 / ModelPrecision;
        SparsityPattern sp = TModel.SecondDerivativePattern;
        TModel.SecondDerivativeContraction(x, _parameters, u, p, _second);
        for (int r = 0; r < d; r++)
            for (int e = sp.RowStart[r]; e < sp.RowStart[r + 1]; e++)
            {
                int c = sp.ColumnIndex[e]; // c ≤ r < d: the x–x block of the lower triangle
                matrix[(d + r) * n + c] -= _second[e];
                if (c != r) matrix[(d + c) * n + r] -= _second[e];
            }
        for (int c = 0; c < _forcedComponents.Length; c++)
            matrix[(d + _forcedComponents[c]) * n + _forcedComponents[c]] += _forcingPrecision;
    }
}
