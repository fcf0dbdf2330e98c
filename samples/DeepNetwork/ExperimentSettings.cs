using DeepestLearning;

namespace DeepNetworkSample;

/// <summary>What every experiment shares: output folder, number of starts N_I, seed, threads, the annealing's minimizer.</summary>
public sealed record ExperimentSettings(string OutDir, int Paths, int Seed, int Threads, MinimizerKind Optimizer);
