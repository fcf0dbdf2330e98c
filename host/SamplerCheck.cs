using System;
using System.Globalization;

namespace DeepestLearning.Cli;

/// <summary>
/// When the host calls the sampler's chains converged: every variable's split R̂ at most <see cref="MaxRhat"/> and
/// its effective sample size at least <see cref="MinEffectiveSampleSize"/>.
/// </summary>
/// <remarks>
/// R̂ ≤ 1.05 lets the chains' between-chain variance be at most about a tenth of their within-chain variance
/// (R̂² ≈ 1 + B/(nW)); the stricter 1.01 of Vehtari et al. (2021) is meant for rank-normalized R̂ on long runs, and
/// the split R̂ here is not rank-normalized. ESS ≥ 100 keeps the Monte Carlo error of a posterior mean at most a tenth
/// of its standard deviation (sd/√ESS) and that of a standard deviation at about 7 % (1/√(2·ESS)), below what a
/// band or a histogram can show. Both are taken over every variable, so one stuck component fails the run.
/// </remarks>
public static class SamplerCheck
{
    /// <summary>The largest split R̂ of a converged run.</summary>
    public const double MaxRhat = 1.05;

    /// <summary>The smallest effective sample size of a converged run.</summary>
    public const double MinEffectiveSampleSize = 100;

    /// <summary>The rule in words, for summary.json and the console.</summary>
    public static string Rule => FormattableString.Invariant($"max R̂ ≤ {MaxRhat} and min ESS ≥ {MinEffectiveSampleSize}");

    /// <summary>Whether <paramref name="samples"/> passes <see cref="Rule"/> (an R̂ or ESS that could not be computed fails it).</summary>
    /// <param name="samples">The sampler's result.</param>
    public static bool Converged(SamplingResult samples) =>
        samples.MaxRhat <= MaxRhat && samples.MinEffectiveSampleSize >= MinEffectiveSampleSize;

    /// <summary>The run in one line: chains × draws, acceptance, max R̂, min ESS, time.</summary>
    /// <param name="samples">The sampler's result.</param>
    public static string Describe(SamplingResult samples) => string.Create(CultureInfo.InvariantCulture,
        $"{samples.Chains} chains × {samples.DrawsPerChain} draws; acceptance {samples.AcceptanceRate:F2}, max R̂ {samples.MaxRhat:F3}, min ESS {samples.MinEffectiveSampleSize:F0}, {samples.Elapsed.TotalSeconds:F1} s");
}
