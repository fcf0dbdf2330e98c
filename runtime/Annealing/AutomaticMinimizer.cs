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
/// cost one gradient. The estimate below needs no Hessian (building one for a large model would already cost
/// what the choice is meant to avoid): in time-major order a time point's variables couple to the next one's,
/// so the envelope is at most two time points wide.
/// </remarks>
internal static class AutomaticMinimizer
{
    /// <summary>
    /// Floating-point operations one factorization may take for Newton to be chosen: about a tenth to a fifth of a
    /// second on one core of the development machine, so a level of ~10 iterations stays within seconds. Lorenz96
    /// with D = 40 and N = 160 (4·10⁷) is inside, D = 100 (6·10⁸) outside; the neuron (6000 steps, 19 parameters) needs 5·10⁷.
    /// </summary>
    public const double FactorizationBudget = 2e8;

    /// <summary>Newton when <see cref="FactorizationCost"/> is within <see cref="FactorizationBudget"/>, else L-BFGS-B.</summary>
    public static MinimizerKind Choose<TModel>(AssimilationProblem<TModel> problem) where TModel : IDynamicalModel<TModel> =>
        FactorizationCost(problem) <= FactorizationBudget ? MinimizerKind.Newton : MinimizerKind.LbfgsB;

    /// <summary>
    /// Estimated operations of one factorization of the action's Hessian: Σ width² over the banded part, k·Σ width for
    /// the border's couplings and k² per banded row for its Schur complement (k estimated parameters), with every
    /// banded row's width taken as two time points' variables.
    /// </summary>
    public static double FactorizationCost<TModel>(AssimilationProblem<TModel> problem) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        double border = problem.EstimatedParameters.Length;
        double band = problem.ParameterOffset;
        double width = 2.0 * band / (problem.Steps + 1); // variables per time point (midpoints included), twice
        return band * width * width + border * band * width + border * border * band;
    }
}
