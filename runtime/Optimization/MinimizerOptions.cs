using System;

namespace DeepestLearning;

/// <summary>
/// The settings of one minimizer, and the minimizer's identity: each kind has its own options type
/// (<see cref="LbfgsBOptions"/>, <see cref="TrustRegionNewtonOptions"/>, <see cref="IpoptOptions"/>, and
/// <see cref="AutomaticMinimizerOptions"/> for annealing's own choice), so choosing a minimizer and setting it up
/// are one value. The options create their minimizer for an objective, and that is where a minimizer that needs
/// the exact Hessian checks, once, that the objective has one.
/// </summary>
public abstract record MinimizerOptions
{
    private protected MinimizerOptions() { }

    /// <summary>Which minimizer these options configure.</summary>
    public abstract MinimizerKind Kind { get; }

    /// <summary>Whether the minimizer needs the objective's exact Hessian (an <see cref="ISecondOrderObjective"/>).</summary>
    public virtual bool NeedsHessian => false;

    /// <summary>A fresh minimizer of <paramref name="objective"/> with these settings (one per objective: a minimizer keeps its scratch).</summary>
    /// <param name="objective">The function it minimizes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    /// <exception cref="ArgumentException">The minimizer needs the exact Hessian and <paramref name="objective"/> is not an <see cref="ISecondOrderObjective"/>, or a setting is out of range.</exception>
    /// <exception cref="InvalidOperationException">These are <see cref="AutomaticMinimizerOptions"/>, which annealing resolves to a concrete minimizer first.</exception>
    public IBoundedMinimizer Create(IObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (NeedsHessian && objective is not ISecondOrderObjective)
            throw new ArgumentException($"{Kind.Name()} runs on the exact Hessian: {objective.GetType().Name} does not implement {nameof(ISecondOrderObjective)}.", nameof(objective));
        return CreateFor(objective);
    }

    /// <summary>The minimizer itself, <paramref name="objective"/> already checked.</summary>
    private protected abstract IBoundedMinimizer CreateFor(IObjective objective);
}
