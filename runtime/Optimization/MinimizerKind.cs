using System;

namespace DeepestLearning;

/// <summary>The minimizers annealing can run at every β, by name; each is configured by its <see cref="MinimizerOptions"/>.</summary>
public enum MinimizerKind
{
    /// <summary>Projected L-BFGS-B (gradients only).</summary>
    LbfgsB,

    /// <summary>Trust-region Newton on the exact sparse Hessian with the arrowhead factorization.</summary>
    Newton,

    /// <summary>IPOPT (interior point, exact Hessian) through libipopt.so.1.</summary>
    Ipopt,

    /// <summary>
    /// Chosen from the problem by precision annealing (<see cref="AutomaticMinimizerOptions"/>): <see cref="Newton"/> when
    /// one factorization of the action's Hessian is affordable, else <see cref="LbfgsB"/>. Networks take an explicit kind.
    /// </summary>
    Automatic,
}

/// <summary>Names used on command lines and in outputs: lbfgsb, newton, ipopt, auto.</summary>
public static class MinimizerKinds
{
    /// <summary>The short name of <paramref name="kind"/>: <c>lbfgsb</c>, <c>newton</c>, <c>ipopt</c> or <c>auto</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static string Name(this MinimizerKind kind) => kind switch
    {
        MinimizerKind.LbfgsB => "lbfgsb",
        MinimizerKind.Newton => "newton",
        MinimizerKind.Ipopt => "ipopt",
        MinimizerKind.Automatic => "auto",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown minimizer."),
    };

    /// <summary>The options of <paramref name="kind"/> with the library's defaults (for <see cref="MinimizerKind.Automatic"/>, <see cref="AutomaticMinimizerOptions"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static MinimizerOptions DefaultOptions(this MinimizerKind kind) => kind switch
    {
        MinimizerKind.LbfgsB => new LbfgsBOptions(),
        MinimizerKind.Newton => new TrustRegionNewtonOptions(),
        MinimizerKind.Ipopt => new IpoptOptions(),
        MinimizerKind.Automatic => new AutomaticMinimizerOptions(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown minimizer."),
    };

    /// <summary>Reads a minimizer name, case-insensitively: <c>lbfgsb</c> (or <c>l-bfgs-b</c>), <c>newton</c>, <c>ipopt</c>, <c>auto</c>.</summary>
    /// <param name="name">The name to read.</param>
    /// <param name="argumentName">The argument or option name the exception reports.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of the names.</exception>
    public static MinimizerKind Parse(string name, string argumentName = "name") => name.ToLowerInvariant() switch
    {
        "lbfgsb" or "l-bfgs-b" => MinimizerKind.LbfgsB,
        "newton" => MinimizerKind.Newton,
        "ipopt" => MinimizerKind.Ipopt,
        "auto" => MinimizerKind.Automatic,
        _ => throw new ArgumentException($"unknown minimizer '{name}': use auto, lbfgsb, newton or ipopt.", argumentName),
    };
}
