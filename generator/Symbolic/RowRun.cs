using System.Collections.Generic;
using DeepestLearning.Generator.Model;

namespace DeepestLearning.Generator.Symbolic;

/// <summary>
/// Consecutive output rows First … First + Length − 1 that compute one expression, each reading its
/// leaves at affine, possibly cyclic indices of the row (Lorenz96: x[i + 1], x[i − 2], x[i − 1],
/// x[i], p[0]). The emitter writes such a run as a loop over i around the first row's code.
/// </summary>
internal sealed class RowRun
{
    public RowRun(int first, int length, Dictionary<NodeSpec, AffineIndex> leaves)
    {
        First = first;
        Length = length;
        Leaves = leaves;
    }

    public int First { get; }
    public int Length { get; }
    public int End => First + Length;

    /// <summary>Every leaf of the first row's expression (and its weight w[First]) → the index it reads at row i.</summary>
    public Dictionary<NodeSpec, AffineIndex> Leaves { get; }
}
