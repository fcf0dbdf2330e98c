using System;

namespace DeepestLearning;

/// <summary>The minimizers annealing can run at every β.</summary>
public enum MinimizerKind
{
    /// <summary>Projected L-BFGS-B (gradients only).</summary>
    LbfgsB,

    /// <summary>Trust-region Newton on the exact sparse Hessian with the arrowhead factorization.</summary>
    Newton,

    /// <summary>IPOPT (interior point, exact Hessian) through libipopt.so.1.</summary>
    Ipopt,
}

/// <summary>Names used on command lines and in outputs: lbfgsb, newton, ipopt.</summary>
public static class MinimizerKinds
{
    /// <summary>The short name of <paramref name="kind"/>: <c>lbfgsb</c>, <c>newton</c> or <c>ipopt</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static string Name(this MinimizerKind kind) => kind switch
    {
        MinimizerKind.LbfgsB => "lbfgsb",
        MinimizerKind.Newton => "newton",
        MinimizerKind.Ipopt => "ipopt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown minimizer."),
    };

    /// <summary>A fresh minimizer of the given kind (one per path: minimizers keep scratch state).</summary>
    public static IBoundedMinimizer Create(MinimizerKind kind, int dimension, LbfgsBOptions lbfgsB, NewtonOptions newton, IpoptOptions ipopt) => kind switch
    {
        MinimizerKind.LbfgsB => new LbfgsB(dimension, lbfgsB),
        MinimizerKind.Newton => new TrustRegionNewton(newton),
        MinimizerKind.Ipopt => new IpoptMinimizer(ipopt),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown minimizer."),
    };

    /// <summary>Reads a minimizer name, case-insensitively: <c>lbfgsb</c> (or <c>l-bfgs-b</c>), <c>newton</c>, <c>ipopt</c>.</summary>
    /// <param name="name">The name to read.</param>
    /// <param name="argumentName">The argument or option name the exception reports.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of the names.</exception>
    public static MinimizerKind Parse(string name, string argumentName = "name") => name.ToLowerInvariant() switch
    {
        "lbfgsb" or "l-bfgs-b" => MinimizerKind.LbfgsB,
        "newton" => MinimizerKind.Newton,
        "ipopt" => MinimizerKind.Ipopt,
        _ => throw new ArgumentException($"unknown optimizer '{name}': use lbfgsb, newton or ipopt.", argumentName),
    };
}
