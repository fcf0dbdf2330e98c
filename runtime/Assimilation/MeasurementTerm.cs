using System;

namespace DeepestLearning;

/// <summary>
/// The measurement term Σ R_m/2 (h_l(x(n), p) − y_l(n))² of the action over the measured entries, behind one
/// abstraction for everything that needs it: its value and gradient (<see cref="ActionFunction{TModel}"/>), its
/// share of the exact Hessian (<see cref="ActionHessian{TModel}"/>, two-phase like <see cref="ModelTermHessian"/>)
/// and its share of the Fisher information (<see cref="FisherInformation"/>). Two kinds: the observed components
/// themselves, h_l = x_l (<see cref="ComponentSelection{TModel}"/>, the default), and a model's generated
/// [Measurement] function (<see cref="GeneratedMeasurement{TModel}"/>). The problem picks one
/// (<see cref="AssimilationProblem{TModel}.CreateMeasurementTerm"/>); each user holds its own instance, whose
/// scratch is allocated once, so evaluations allocate nothing.
/// </summary>
internal abstract class MeasurementTerm
{
    /// <summary>
    /// Returns the term at <paramref name="packed"/> (full parameters <paramref name="parameters"/>) and, when
    /// <paramref name="wantGradient"/>, adds its gradient: the state part into <paramref name="gradient"/> (packed
    /// layout), the parameter part into <paramref name="parameterGradient"/> (one entry per model parameter).
    /// </summary>
    public abstract double Evaluate(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, Span<double> gradient, Span<double> parameterGradient, bool wantGradient);

    /// <summary>Declares every off-diagonal (i, j) of the packed variables its Hessian can fill (the pattern always holds the diagonal).</summary>
    public abstract void AddStructure(Action<int, int> add);

    /// <summary>Finds the CSR positions of its Hessian entries in the finished <paramref name="pattern"/>.</summary>
    public abstract void LocatePositions(SparsityPattern pattern);

    /// <summary>values += the term's exact Hessian at <paramref name="packed"/>.</summary>
    public abstract void AccumulateHessian(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, Span<double> values);

    /// <summary>
    /// Adds Σ R_m g gᵀ to the Fisher information <paramref name="matrix"/> (size × size, row-major) for the measured
    /// entries of observation row <paramref name="row"/>, where g is the sensitivity of a measured value to the unknowns:
    /// the estimated parameters, then the D initial states. <paramref name="sensitivity"/> holds ∂x/∂(unknown j) as
    /// column j (D values each) at the state <paramref name="state"/> of the row's time.
    /// </summary>
    public abstract void AddInformation(int row, ReadOnlySpan<double> state, ReadOnlySpan<double> parameters, ReadOnlySpan<double> stimulus,
        double[] sensitivity, int[] estimated, double[] matrix);
}
