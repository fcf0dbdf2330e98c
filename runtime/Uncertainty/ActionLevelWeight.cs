namespace DeepestLearning;

/// <summary>One distinct action level of <see cref="LevelWeights"/>: the minimum its starts share and its Laplace weight.</summary>
/// <param name="Action">A_q, the action of the level's lowest start at the precision the weights were computed for.</param>
/// <param name="Starts">The starts (indices into the paths given) that ended on this level, lowest action first; the first is the level's representative.</param>
/// <param name="LogDeterminant">log det of the Hessian the weight used at the representative (of the formulation in <see cref="LevelWeights.Formulation"/>); NaN when none was usable.</param>
/// <param name="LogWeight">−A_q − ½ log det H_q: the level's unnormalized log Laplace mass (the (2π)^(n/2) common to all levels left out).</param>
/// <param name="Weight">e^(LogWeight) normalized over the levels; NaN when no formulation was usable.</param>
/// <param name="Parameters">The representative's full parameter vector (fixed ones included).</param>
public sealed record ActionLevelWeight(double Action, int[] Starts, double LogDeterminant, double LogWeight, double Weight, double[] Parameters);
