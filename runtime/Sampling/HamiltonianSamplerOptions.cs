using System;

namespace DeepestLearning;

/// <summary>Settings of <see cref="HamiltonianSampler"/>. Every one has a default that needs no tuning; none is a step size or a number of leapfrog steps.</summary>
public sealed class HamiltonianSamplerOptions
{
    /// <summary>Independent chains (default 4), run in parallel; R̂ compares them.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warm-up iterations per chain (default 300), during which the step size is adapted; their draws are discarded.</summary>
    public int Warmup { get; init; } = 300;

    /// <summary>Kept draws per chain (default 500).</summary>
    public int Draws { get; init; } = 500;

    /// <summary>The seed: chain c draws from its own stream of (Seed, c), so results are the same for any <see cref="Threads"/>.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Chains run at the same time (default: the processor count).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The mass matrix (default <see cref="MassMatrixKind.Automatic"/>: the Hessian's).</summary>
    public MassMatrixKind Mass { get; init; } = MassMatrixKind.Automatic;

    /// <summary>The acceptance probability the step-size adaptation aims at (default 0.8), in (0, 1).</summary>
    public double TargetAcceptance { get; init; } = 0.8;

    /// <summary>A ceiling on the leapfrog steps of one trajectory (default 1000): a guard against a badly conditioned diagonal mass, not a tuning knob.</summary>
    public int MaxLeapfrogSteps { get; init; } = 1000;

    /// <summary>For an annealing result: the level β whose R_f = R_f0·α^β is sampled (null: the last level).</summary>
    public int? Beta { get; init; }

    /// <summary>
    /// Whether each chain starts from a draw of the Laplace approximation N(X̂, M⁻¹) around its annealed path rather
    /// than from the path itself (default true), so that R̂ sees chains that did not all begin at one point.
    /// </summary>
    public bool DisperseStarts { get; init; } = true;

    /// <summary>A ceiling on the stored draws, chains × draws × variables (default 10⁸ values, 800 MB).</summary>
    public long MaxStoredValues { get; init; } = 100_000_000;

    internal void Validate(string name, int variables)
    {
        if (Chains < 1) throw new ArgumentException($"Chains = {Chains} must be at least 1.", name);
        if (Warmup < 10) throw new ArgumentException($"Warmup = {Warmup} must be at least 10 (the step size is adapted there).", name);
        if (Draws < 4) throw new ArgumentException($"Draws = {Draws} must be at least 4.", name);
        if (Threads < 1) throw new ArgumentException($"Threads = {Threads} must be at least 1.", name);
        if (!Enum.IsDefined(Mass)) throw new ArgumentException($"Mass = {Mass} is not a mass matrix kind.", name);
        if (!(TargetAcceptance > 0 && TargetAcceptance < 1)) throw new ArgumentException($"TargetAcceptance = {TargetAcceptance} must lie in (0, 1).", name);
        if (MaxLeapfrogSteps < 1) throw new ArgumentException($"MaxLeapfrogSteps = {MaxLeapfrogSteps} must be at least 1.", name);
        if (Beta is < 0) throw new ArgumentException($"Beta = {Beta} must not be negative.", name);
        long stored = (long)Chains * Draws * variables;
        if (stored > MaxStoredValues || stored > Array.MaxLength)
            throw new ArgumentException($"{Chains} chains × {Draws} draws × {variables} variables = {stored:N0} stored values exceed MaxStoredValues = {MaxStoredValues:N0}; keep fewer draws or chains.", name);
    }
}
