using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>Settings passed to IPOPT; <see cref="Extra"/> passes any other IPOPT option through by name.</summary>
public sealed record IpoptOptions : MinimizerOptions
{
    /// <inheritdoc/>
    public override MinimizerKind Kind => MinimizerKind.Ipopt;

    /// <inheritdoc/>
    public override bool NeedsHessian => true;

    private protected override IBoundedMinimizer CreateFor(IObjective objective) => new IpoptMinimizer((ISecondOrderObjective)objective, this);

    /// <summary>IPOPT's "tol" (scaled NLP error).</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>IPOPT's "max_iter".</summary>
    public int MaxIterations { get; init; } = 3000;

    /// <summary>IPOPT's "print_level" (0 = silent … 12).</summary>
    public int PrintLevel { get; init; }

    /// <summary>Further options by name: values of type string, double or int.</summary>
    public IReadOnlyDictionary<string, object> Extra { get; init; } = new Dictionary<string, object>();
}
