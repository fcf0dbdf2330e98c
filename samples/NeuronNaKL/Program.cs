using System;
using DeepestLearning.Cli;
using DeepestLearning.SampleModels;
using DeepestLearning.Samples;
using NeuronNaKLSample;

// The NaKL neuron twin experiment: 19 parameters and the three unobserved gates from a noisy
// voltage trace (σ = 1 mV, Δt = 0.02 ms, 6001 points = 120 ms), an irregular injected current,
// precision annealing with per-component R_f0 (voltage and gates differ by orders of magnitude).
// The current, R_f0 of the gates, the spike report and the stimulus design are NeuronExtension's.
TwinSettings defaults = NeuronExperiment.Settings(NaKLNeuron.ParameterNames, Array.Empty<double>(), 6000, 5000, 0.02, "out/neuron");
return AssimilationApp.Run<NaKLNeuron>(args, defaults, new NeuronExtension());
