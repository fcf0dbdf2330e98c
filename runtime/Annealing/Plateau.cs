using System;

namespace DeepestLearning;

/// <summary>
/// When the lowest action level has settled — one definition for the stopping rule and the verdict.
/// Near a consistent minimum the action approaches its limit geometrically in β (each level
/// multiplies R_f by α, and the part of the action still changing falls like 1/R_f), so after a
/// level that changed it by δ the levels still to come can change it by about δ/(α − 1) in all.
/// The level has settled when that projected remaining change is at most the tolerance at each of
/// the last few levels (several, so that one accidentally flat step does not count).
/// </summary>
public static class Plateau
{
    /// <summary>
    /// The projected remaining change after the last level, max over the last <paramref name="window"/>
    /// level-to-level changes of |A(β) − A(β−1)| / (α − 1); +∞ when there are not enough levels.
    /// </summary>
    public static double RemainingChange(ReadOnlySpan<double> lowestPerLevel, double alpha, int window)
    {
        if (!(alpha > 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be greater than 1.");
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "the window must hold at least one level.");
        if (lowestPerLevel.Length <= window) return double.PositiveInfinity;
        double largest = 0;
        for (int k = lowestPerLevel.Length - window; k < lowestPerLevel.Length; k++)
        {
            double step = Math.Abs(lowestPerLevel[k] - lowestPerLevel[k - 1]);
            if (!double.IsFinite(step)) return double.PositiveInfinity;
            largest = Math.Max(largest, step);
        }
        return largest / (alpha - 1);
    }

    /// <summary>Whether <see cref="RemainingChange"/> is within <paramref name="tolerance"/> (in units of the action).</summary>
    public static bool Settled(ReadOnlySpan<double> lowestPerLevel, double alpha, int window, double tolerance) =>
        RemainingChange(lowestPerLevel, alpha, window) <= tolerance;
}
