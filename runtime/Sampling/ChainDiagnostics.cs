using System;

namespace DeepestLearning;

/// <summary>
/// Convergence and efficiency of a set of chains for one scalar: the split potential scale reduction R̂
/// (Gelman and Rubin 1992, in the split form of Gelman et al., Bayesian Data Analysis, 3rd ed., §11.4) and the
/// effective sample size from the chains' combined autocorrelations with Geyer's initial monotone sequence
/// (Geyer 1992; the multi-chain form of Vehtari, Gelman, Simpson, Carpenter and Bürkner 2021).
/// </summary>
/// <remarks>
/// Draws are chain-major: chain c's draws are <c>draws[c·n … c·n + n − 1]</c>. Each chain is split into its
/// two halves (the middle draw dropped when n is odd), so a chain that drifts shows up as two chains that
/// disagree. Nothing is allocated: the sums are taken over the halves in place.
/// </remarks>
public static class ChainDiagnostics
{
    /// <summary>Split R̂: √(var⁺ / W) over the half-chains; near 1 when the chains agree, NaN when every draw is the same.</summary>
    /// <param name="draws">chains × n draws, chain-major.</param>
    /// <param name="chains">The number of chains (at least 1); each needs at least 4 draws.</param>
    /// <exception cref="ArgumentException"><paramref name="draws"/> is not chains × n with n ≥ 4.</exception>
    public static double SplitRhat(ReadOnlySpan<double> draws, int chains)
    {
        int half = HalfLength(draws, chains);
        (double within, double varPlus) = Variances(draws, chains, half);
        return within > 0 ? Math.Sqrt(varPlus / within) : double.NaN;
    }

    /// <summary>
    /// The effective sample size: m'·n' / τ with τ = −1 + 2 Σ P_k, P_k = ρ̂_{2k} + ρ̂_{2k+1} summed while positive and
    /// made non-increasing, ρ̂_t = 1 − (W − mean autocovariance at lag t) / var⁺ over the m' = 2m half-chains of length n'.
    /// At most m'·n'·log₁₀(m'·n') (antithetic chains can exceed the number of draws, but not without bound); NaN when every draw is the same.
    /// </summary>
    /// <param name="draws">chains × n draws, chain-major.</param>
    /// <param name="chains">The number of chains (at least 1); each needs at least 4 draws.</param>
    /// <exception cref="ArgumentException"><paramref name="draws"/> is not chains × n with n ≥ 4.</exception>
    public static double EffectiveSampleSize(ReadOnlySpan<double> draws, int chains)
    {
        int half = HalfLength(draws, chains);
        (double within, double varPlus) = Variances(draws, chains, half);
        if (!(varPlus > 0)) return double.NaN;
        int m = 2 * chains, total = m * half;
        double sum = 0, previous = double.PositiveInfinity;
        for (int t = 0; t + 1 < half; t += 2)
        {
            double pair = Rho(draws, chains, half, t, within, varPlus) + Rho(draws, chains, half, t + 1, within, varPlus);
            if (!(pair > 0)) break;
            pair = Math.Min(pair, previous); // initial monotone sequence
            sum += pair;
            previous = pair;
        }
        double tau = Math.Max(-1 + 2 * sum, 1.0 / Math.Log10(Math.Max(total, 10)));
        return total / tau;
    }

    private static int HalfLength(ReadOnlySpan<double> draws, int chains)
    {
        if (chains < 1) throw new ArgumentException($"chains = {chains} must be at least 1.", nameof(chains));
        if (draws.Length % chains != 0) throw new ArgumentException($"{draws.Length} draws do not split into {chains} chains of equal length.", nameof(draws));
        int n = draws.Length / chains;
        if (n < 4) throw new ArgumentException($"each chain needs at least 4 draws, not {n}.", nameof(draws));
        for (int i = 0; i < draws.Length; i++)
            if (!double.IsFinite(draws[i])) throw new ArgumentException($"draws[{i}] is {draws[i]}.", nameof(draws));
        return n / 2;
    }

    /// <summary>Half-chain h (0 … 2m − 1) of length <paramref name="half"/>: the first or the last half of chain h / 2.</summary>
    private static ReadOnlySpan<double> HalfChain(ReadOnlySpan<double> draws, int chains, int half, int h)
    {
        int n = draws.Length / chains;
        int chain = h / 2;
        return draws.Slice(chain * n + (h % 2 == 0 ? 0 : n - half), half);
    }

    private static double Mean(ReadOnlySpan<double> x)
    {
        double sum = 0;
        foreach (double v in x) sum += v;
        return sum / x.Length;
    }

    /// <summary>W (the mean of the half-chains' variances) and var⁺ = (n' − 1)/n' W + B/n'.</summary>
    private static (double Within, double VarPlus) Variances(ReadOnlySpan<double> draws, int chains, int half)
    {
        int m = 2 * chains;
        double within = 0, grand = 0;
        for (int h = 0; h < m; h++)
        {
            ReadOnlySpan<double> x = HalfChain(draws, chains, half, h);
            double mean = Mean(x), ss = 0;
            foreach (double v in x) ss += (v - mean) * (v - mean);
            within += ss / (half - 1);
            grand += mean;
        }
        within /= m;
        grand /= m;
        double between = 0; // B / n'
        for (int h = 0; h < m; h++)
        {
            double d = Mean(HalfChain(draws, chains, half, h)) - grand;
            between += d * d;
        }
        between /= m - 1;
        return (within, (half - 1.0) / half * within + between);
    }

    /// <summary>ρ̂_t = 1 − (W − mean over half-chains of their lag-t autocovariance (divided by n')) / var⁺.</summary>
    private static double Rho(ReadOnlySpan<double> draws, int chains, int half, int lag, double within, double varPlus)
    {
        int m = 2 * chains;
        double sum = 0;
        for (int h = 0; h < m; h++)
        {
            ReadOnlySpan<double> x = HalfChain(draws, chains, half, h);
            double mean = Mean(x), acov = 0;
            for (int i = 0; i + lag < half; i++) acov += (x[i] - mean) * (x[i + lag] - mean);
            sum += acov / half;
        }
        return 1 - (within - sum / m) / varPlus;
    }
}
