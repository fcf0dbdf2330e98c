using System;

namespace DeepestLearning;

/// <summary>
/// The Hessian of the model term ½ Σ R_f r² for one family of discretizations. Building a
/// Hessian is two-phase because the pattern is shared: the part declares its structure, the
/// façade (<see cref="ActionHessian{TModel}"/>) builds the pattern, then the part finds the
/// positions it will scatter into. After that, evaluation only adds values.
/// </summary>
internal abstract class ModelTermHessian
{
    /// <summary>Declares every (i, j) of the packed variables that can be non-zero (either triangle).</summary>
    public abstract void AddStructure(Action<int, int> add);

    /// <summary>Finds the CSR positions of every contribution in the finished <paramref name="pattern"/>.</summary>
    public abstract void LocatePositions(SparsityPattern pattern);

    /// <summary>values += the model term's Hessian at <paramref name="packed"/> with full parameters <paramref name="parameters"/> and precisions <paramref name="rf"/>.</summary>
    public abstract void Accumulate(ReadOnlySpan<double> packed, ReadOnlySpan<double> parameters, ReadOnlySpan<double> rf, Span<double> values);
}
