namespace DeepNetworkSample;

/// <summary>What every experiment shares: output folder, number of starts N_I, seed, threads.</summary>
public sealed record ExperimentSettings(string OutDir, int Paths, int Seed, int Threads);
