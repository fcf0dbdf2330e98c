using DeepestLearning.Cli;
using DeepestLearning.SampleModels;
using DeepestLearning.Samples;

// The Abarbanel group's Lorenz96 twin experiment (docs/design.md §1.2): D = 20, F = 8.17 unknown,
// 12 of 20 components observed with noise σ = 0.5, precision annealing from several initial paths.
// R_f0 and β_max are the library's automatic choices unless given (the field's classic choice for
// this experiment is --rf0 4e-6 --beta-max 100). --states picks one of three declared model classes.
int[] observed = { 0, 1, 3, 5, 6, 8, 10, 11, 13, 15, 16, 18 };
TwinSettings Defaults(int states) => Lorenz96Experiment.Settings(states, observed, 0.025, 160, 0.5, 4, "out/lorenz96");
var models = new ModelChoice("states", "model size D (one declared model class each)")
    .Add<Lorenz96D20>("20", Defaults(20))
    .Add<Lorenz96D10>("10", Defaults(10))
    .Add<Lorenz96D40>("40", Defaults(40));
return AssimilationApp.Run(args, models);
