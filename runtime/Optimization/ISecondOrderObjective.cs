using System;

namespace DeepestLearning;

/// <summary>
/// An objective that also provides its exact Hessian as a sparse lower triangle, and an
/// elimination order under which that Hessian is an arrowhead (banded + a dense border).
/// </summary>
public interface ISecondOrderObjective : IObjective
{
    /// <summary>Lower-triangle CSR pattern of ∇²f, every diagonal entry present.</summary>
    SparsityPattern HessianPattern { get; }

    /// <summary>Writes ∇²f(x) in <see cref="HessianPattern"/> order.</summary>
    void Hessian(ReadOnlySpan<double> x, Span<double> values);

    /// <summary>Elimination order for <see cref="ArrowheadLdlt"/>; its last <see cref="BorderCount"/> entries are the border.</summary>
    int[] EliminationOrder();

    /// <summary>The number of dense border variables (the last entries of <see cref="EliminationOrder"/>), e.g. the estimated parameters of an action.</summary>
    int BorderCount { get; }
}
