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

    public static MinimizerKind Parse(string name, string argumentName = "name") => name.ToLowerInvariant() switch
    {
        "lbfgsb" or "l-bfgs-b" => MinimizerKind.LbfgsB,
        "newton" => MinimizerKind.Newton,
        "ipopt" => MinimizerKind.Ipopt,
        _ => throw new ArgumentException($"unknown optimizer '{name}': use lbfgsb, newton or ipopt.", argumentName),
    };
}
