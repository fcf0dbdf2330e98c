using System;

namespace DeepestLearning;

/// <summary>
/// The choice behind <see cref="MinimizerKind.Automatic"/>: trust-region Newton when one factorization of the
/// action's Hessian is affordable, else L-BFGS-B.
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
internal static class AutomaticMinimizer
{
    /// <summary>
    /// Multiply-adds one factorization may take for Newton to be chosen: about a tenth to a fifth of a second on
    /// one core of the development machine, so a level of ~10 iterations stays within seconds. Lorenz96 with D = 40
    /// and N = 160 (4·10⁷) is inside, D = 100 (7·10⁸) outside; the neuron (6000 steps, 19 parameters) needs 5·10⁷.
    /// </summary>
    public const double FactorizationBudget = 2e8;

    /// <summary>Newton when <see cref="ActionHessian{TModel}.FactorizationWork"/> is within <see cref="FactorizationBudget"/>, else L-BFGS-B.</summary>
    public static MinimizerKind Choose<TModel>(AssimilationProblem<TModel> problem) where TModel : IDynamicalModel<TModel> =>
        ActionHessian<TModel>.FactorizationWork(problem) <= FactorizationBudget ? MinimizerKind.Newton : MinimizerKind.LbfgsB;
}
