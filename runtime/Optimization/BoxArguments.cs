using System;

namespace DeepestLearning;

/// <summary>The argument checks every bound-constrained minimizer starts with.</summary>
internal static class BoxArguments
{
    /// <summary>
    /// Checks that x, lower and upper have n entries, that no entry is NaN and no bound is inverted
    /// (exceptions name the argument and the index), then projects x onto the box.
    /// </summary>
    public static void CheckAndProject(int n, Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        if (x.Length != n) throw new ArgumentException($"x must have {n} entries, not {x.Length}.", nameof(x));
        if (lower.Length != n) throw new ArgumentException($"lower must have {n} entries, not {lower.Length}.", nameof(lower));
        if (upper.Length != n) throw new ArgumentException($"upper must have {n} entries, not {upper.Length}.", nameof(upper));
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(x[i])) throw new ArgumentException($"x[{i}] is NaN.", nameof(x));
            if (double.IsNaN(lower[i])) throw new ArgumentException($"lower[{i}] is NaN (use -infinity for no bound).", nameof(lower));
            if (double.IsNaN(upper[i])) throw new ArgumentException($"upper[{i}] is NaN (use +infinity for no bound).", nameof(upper));
            if (lower[i] > upper[i]) throw new ArgumentException($"bounds are inverted at index {i}: lower = {lower[i]} > upper = {upper[i]}.", nameof(lower));
            x[i] = Math.Clamp(x[i], lower[i], upper[i]);
        }
    }
}
