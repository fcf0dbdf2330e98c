using System;

namespace DeepestLearning;

/// <summary>
/// One explicit forward-Euler step Φ(x) = x + Δt F(x, θ, u0) with its exact tangent and exact
/// discrete adjoint (the explicit-map form of <see cref="ForwardEulerRule"/>). One instance per
/// thread; nothing allocates after construction.
/// </summary>
internal sealed class ForwardEulerStep<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly int _d, _p;
    private readonly double[] _f, _weights, _product, _jacobian, _slope;

    /// <summary>Allocates the scratch storage for <typeparamref name="TModel"/>.</summary>
    public ForwardEulerStep()
    {
        _d = TModel.StateCount;
        _p = TModel.ParameterCount;
        _f = new double[_d];
        _weights = new double[_d];
        _slope = new double[_d];
        _product = new double[_d + _p];
        _jacobian = new double[TModel.JacobianPattern.NonZeroCount];
    }

    /// <summary>next = x + Δt F(x).</summary>
    public void Forward(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, double dt, Span<double> next)
    {
        TModel.VectorField(x, parameters, u0, _f);
        for (int a = 0; a < _d; a++) next[a] = x[a] + dt * _f[a];
    }

    /// <summary>p = pNext + Δt (∂F/∂x)ᵀ pNext and parameterGradient += Δt (∂F/∂θ)ᵀ pNext.</summary>
    public void Adjoint(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, double dt,
        ReadOnlySpan<double> pNext, Span<double> p, Span<double> parameterGradient)
    {
        int d = _d;
        pNext.Slice(0, d).CopyTo(p);
        for (int a = 0; a < d; a++) _weights[a] = dt * pNext[a];
        TModel.JacobianTransposeProduct(x, parameters, u0, _weights, _product);
        for (int a = 0; a < d; a++) p[a] += _product[a];
        for (int k = 0; k < _p; k++) parameterGradient[k] += _product[d + k];
    }

    /// <summary>dNext = dx + Δt (∂F/∂x dx + ∂F/∂θ dθ); an empty <paramref name="dParameters"/> means dθ = 0.</summary>
    public void Tangent(ReadOnlySpan<double> x, ReadOnlySpan<double> parameters, ReadOnlySpan<double> u0, double dt,
        ReadOnlySpan<double> dx, ReadOnlySpan<double> dParameters, Span<double> dNext)
    {
        SparsityPattern pattern = TModel.JacobianPattern;
        TModel.Jacobian(x, parameters, u0, _jacobian);
        int d = _d;
        for (int r = 0; r < d; r++)
        {
            double sum = 0;
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
            {
                int c = pattern.ColumnIndex[e];
                if (c < d) sum += _jacobian[e] * dx[c];
                else if (!dParameters.IsEmpty) sum += _jacobian[e] * dParameters[c - d];
            }
            _slope[r] = sum;
        }
        for (int a = 0; a < d; a++) dNext[a] = dx[a] + dt * _slope[a];
    }
}
