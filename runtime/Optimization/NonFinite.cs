using System;

namespace DeepestLearning;

/// <summary>
/// The check behind <see cref="ExitReason.NonFiniteGradient"/> and <see cref="ExitReason.NonFiniteHessian"/>:
/// one NaN in a gradient poisons every later step without an error (a NaN projected-gradient norm
/// passes no test and fails none), so minimizers stop on it with their own exit reason.
/// </summary>
internal static class NonFinite
{
    /// <summary>Whether any entry is NaN or ±∞.</summary>
    public static bool Any(ReadOnlySpan<double> values)
    {
        foreach (double value in values)
            if (!double.IsFinite(value)) return true;
        return false;
    }
}
