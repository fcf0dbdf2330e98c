namespace DeepestLearning;

/// <summary>
/// The one way a run's seed is combined with indices into the seed of a <see cref="System.Random"/>: a fixed linear mix,
/// the same in every process and thread (<see cref="System.HashCode"/> is randomized per process, so it cannot serve).
/// Every random draw of a run — a start's noise, a Latin-hypercube stratum order and jitter, a network's initial
/// weights — comes from a generator seeded here, so the same seed gives the same run anywhere.
/// </summary>
internal static class SeedMix
{
    /// <summary>seed·1 000 003 + coordinate·92 821 + point·7 919 + salt, wrapping on overflow; the salt separates streams that share indices.</summary>
    public static int Of(int seed, int salt, int coordinate = 0, int point = 0) =>
        unchecked(seed * 1_000_003 + coordinate * 92_821 + point * 7_919 + salt);

    /// <summary>The seed of start <paramref name="path"/>'s own draws (model starts and network weights alike).</summary>
    public static int Start(int seed, int path) => Of(seed, salt: 17, point: path);
}
