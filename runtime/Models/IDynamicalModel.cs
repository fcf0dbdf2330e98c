using System;

namespace DeepestLearning;

/// <summary>
/// The model contract (docs/design.md §3.2). Implemented by the source generator for every
/// <see cref="DynamicalModelAttribute"/> type; all members are static so that generic code
/// over <typeparamref name="TSelf"/> is specialized by the JIT, never dispatched per element.
/// The variables of every derivative are z = (x, p): columns 0..D-1 are states, D..D+P-1 parameters.
/// Every evaluation member allocates nothing.
/// </summary>
public interface IDynamicalModel<TSelf> where TSelf : IDynamicalModel<TSelf>
{
    /// <summary>D, the number of state components.</summary>
    static abstract int StateCount { get; }

    /// <summary>P, the number of parameters.</summary>
    static abstract int ParameterCount { get; }

    /// <summary>U, the number of stimulus inputs (0 for an autonomous model).</summary>
    static abstract int StimulusCount { get; }

    /// <summary>dxdt = F(x, p, u). <paramref name="u"/> is empty for a model without stimuli.</summary>
    static abstract void VectorField(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt);

    /// <summary>CSR pattern of ∂F/∂(x,p): D rows, D+P columns, sorted, structural non-zeros only.</summary>
    static abstract SparsityPattern JacobianPattern { get; }

    /// <summary>Values of ∂F/∂(x,p) in <see cref="JacobianPattern"/> order.</summary>
    static abstract void Jacobian(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> values);

    /// <summary>result (length D+P) = wᵀ ∂F/∂(x,p), for w of length D.</summary>
    static abstract void JacobianTransposeProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, ReadOnlySpan<double> w, Span<double> result);

    /// <summary>Lower-triangle CSR pattern over (x,p) of Σᵢ wᵢ ∇²Fᵢ.</summary>
    static abstract SparsityPattern SecondDerivativePattern { get; }

    /// <summary>Values of Σᵢ wᵢ ∇²Fᵢ in <see cref="SecondDerivativePattern"/> order.</summary>
    static abstract void SecondDerivativeContraction(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, ReadOnlySpan<double> w, Span<double> values);

    // The measurement function h of a [Measurement] method. A model without one keeps these defaults: its
    // observations select state components, and the runtime never calls the members below.

    /// <summary>M, the number of outputs of the model's [Measurement] method; 0 when it declares none (observations are then state components).</summary>
    static virtual int MeasurementCount => 0;

    /// <summary>y = h(x, p, u), M values.</summary>
    static virtual void Measurement(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> y) => throw NoMeasurement();

    /// <summary>CSR pattern of ∂h/∂(x,p): M rows, D+P columns, sorted, structural non-zeros only.</summary>
    static virtual SparsityPattern MeasurementJacobianPattern => throw NoMeasurement();

    /// <summary>Values of ∂h/∂(x,p) in <see cref="MeasurementJacobianPattern"/> order.</summary>
    static virtual void MeasurementJacobian(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> values) => throw NoMeasurement();

    /// <summary>result (length D+P) = wᵀ ∂h/∂(x,p), for w of length M.</summary>
    static virtual void MeasurementJacobianTransposeProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, ReadOnlySpan<double> w, Span<double> result) => throw NoMeasurement();

    /// <summary>Lower-triangle CSR pattern over (x,p) of Σₗ wₗ ∇²hₗ.</summary>
    static virtual SparsityPattern MeasurementSecondDerivativePattern => throw NoMeasurement();

    /// <summary>Values of Σₗ wₗ ∇²hₗ (w of length M) in <see cref="MeasurementSecondDerivativePattern"/> order.</summary>
    static virtual void MeasurementSecondDerivativeContraction(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, ReadOnlySpan<double> w, Span<double> values) => throw NoMeasurement();

    private static NotSupportedException NoMeasurement() =>
        new($"{typeof(TSelf).Name} declares no [Measurement] method (MeasurementCount is 0): its observations are state components.");
}
