using DeepestLearning;

namespace DeepNetworkSample;

/// <summary>
/// What every experiment shares: output folder, number of starts N_I, seed, threads, the annealing's
/// minimizer, and optionally the annealing's R_f0 and β_max in place of each experiment's own.
/// </summary>
public sealed record ExperimentSettings(string OutDir, int Paths, int Seed, int Threads, MinimizerKind Minimizer, double? Rf0 = null, int? BetaMax = null)
{
    /// <summary>The annealing's minimizer: L-BFGS-B with the experiment's own budget, or Newton or IPOPT with the library's settings.</summary>
    public MinimizerOptions MinimizerWith(LbfgsBOptions lbfgsB) => Minimizer == MinimizerKind.LbfgsB ? lbfgsB : Minimizer.DefaultOptions();
}
