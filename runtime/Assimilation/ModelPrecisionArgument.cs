using System;

namespace DeepestLearning;

/// <summary>The R_f check shared by the action and its Hessian.</summary>
internal static class ModelPrecisionArgument
{
    /// <summary>Copies one finite, non-negative R_f per state component into <paramref name="target"/>; names the bad entry otherwise.</summary>
    public static void CheckAndCopy(ReadOnlySpan<double> rf, double[] target)
    {
        int d = target.Length;
        ModelArguments.RequireExactLength(rf.Length, d, nameof(rf));
        for (int a = 0; a < d; a++)
            if (!(rf[a] >= 0) || !double.IsFinite(rf[a])) throw new ArgumentException($"rf[{a}] = {rf[a]} must be finite and non-negative.", nameof(rf));
        rf.CopyTo(target);
    }
}
