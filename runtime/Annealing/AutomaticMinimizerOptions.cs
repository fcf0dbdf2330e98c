using System;

namespace DeepestLearning;

/// <summary>
/// Annealing's own choice of minimizer (the default of <see cref="AnnealingOptions.Minimizer"/>): trust-region Newton
/// with <see cref="Newton"/> when one factorization of the action's Hessian is affordable, else L-BFGS-B with
/// <see cref="LbfgsB"/>. The choice is made per problem before the first level and reported in
/// <see cref="AnnealingResult{TModel}.Minimizer"/>.
/// </summary>
/// <remarks>
/// Newton is the better minimizer for annealing wherever it fits: on the neuron L-BFGS-B never reached the
/// noise level (an action 2000 times the χ² expectation after 13 minutes, where Newton needs under a minute),
/// and on Lorenz96 (D = 10 and 20) Newton from synchronized starts brought more starts to the lowest level in
/// less time in every case measured (docs/annealing.md). Its cost is the arrowhead factorization, several per
/// iteration, which grows with the square of the number of variables per time point; L-BFGS-B's iterations
/// cost one gradient. The cost is estimated from the problem's shape
/// (<see cref="ActionHessian{TModel}.FactorizationWork"/>): building a Hessian for a large model would already
/// cost what the choice is meant to avoid.
/// </remarks>
public sealed record AutomaticMinimizerOptions : MinimizerOptions
{
    /// <inheritdoc/>
    public override MinimizerKind Kind => MinimizerKind.Automatic;

    /// <summary>Settings of trust-region Newton, when it is chosen.</summary>
    public TrustRegionNewtonOptions Newton { get; init; } = new();

    /// <summary>Settings of L-BFGS-B, when it is chosen.</summary>
    public LbfgsBOptions LbfgsB { get; init; } = new();

    /// <summary>
    /// Multiply-adds one factorization may take for Newton to be chosen (default 2·10⁸): about a tenth to a fifth of a
    /// second on one core of the development machine, so a level of ~10 iterations stays within seconds. Lorenz96 with
    /// D = 40 and N = 160 (4·10⁷) is inside, D = 100 (7·10⁸) outside; the neuron (6000 steps, 19 parameters) needs 5·10⁷.
    /// </summary>
    public double FactorizationBudget { get; init; } = 2e8;

    /// <summary>The options of the minimizer chosen for <paramref name="problem"/>: <see cref="Newton"/> when <see cref="ActionHessian{TModel}.FactorizationWork"/> is within <see cref="FactorizationBudget"/>, else <see cref="LbfgsB"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public MinimizerOptions Resolve<TModel>(AssimilationProblem<TModel> problem) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        return ActionHessian<TModel>.FactorizationWork(problem) <= FactorizationBudget ? Newton : LbfgsB;
    }

    private protected override IBoundedMinimizer CreateFor(IObjective objective) =>
        throw new InvalidOperationException("the automatic choice is resolved for a problem (AutomaticMinimizerOptions.Resolve) before a minimizer is created.");
}
