using System;

namespace DeepestLearning;

/// <summary>
/// A Latin hypercube over a box: with n points, every coordinate's range is cut into n equal strata
/// and each stratum holds exactly one point, in an independent random order per coordinate. Unlike
/// independent uniform draws, a handful of starts cannot all land in one corner of one parameter.
/// Deterministic in (seed, coordinate): the same design in every process and thread.
/// </summary>
public static class LatinHypercube
{
    /// <summary>Coordinate <paramref name="coordinate"/> of point <paramref name="point"/> of an <paramref name="points"/>-point design within [lower, upper].</summary>
    public static double Coordinate(int seed, int coordinate, int point, int points, double lower, double upper)
    {
        if (points < 1) throw new ArgumentOutOfRangeException(nameof(points), points, "the design needs at least one point.");
        if ((uint)point >= (uint)points) throw new ArgumentOutOfRangeException(nameof(point), point, $"the point must be in 0..{points - 1}.");
        if (!double.IsFinite(lower) || !double.IsFinite(upper))
            return double.IsFinite(lower) ? lower : double.IsFinite(upper) ? upper : 0.0; // an unbounded coordinate has no strata
        // One permutation of the strata per coordinate, and one jitter per (coordinate, point), from generators seeded by both.
        var random = new Random(SeedMix.Of(seed, salt: 5, coordinate));
        var strata = new int[points];
        for (int k = 0; k < points; k++) strata[k] = k;
        random.Shuffle(strata);
        double jitter = new Random(SeedMix.Of(seed, salt: 11, coordinate, point)).NextDouble();
        return lower + (upper - lower) * (strata[point] + jitter) / points;
    }
}
