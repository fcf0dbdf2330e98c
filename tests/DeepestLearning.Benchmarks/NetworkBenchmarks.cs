using System;
using BenchmarkDotNet.Attributes;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// The network action and the backpropagation loss with their gradients for a dense sigmoid network
/// of width 10 and 20 layers over M = 1000 training pairs (the benchmark shape); the
/// memory diagnoser shows that an evaluation allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class NetworkBenchmarks
{
    private const int Pairs = 1000;
    private NetworkAction<SigmoidStudent20> _action = null!;
    private Backpropagation<SigmoidStudent20> _backpropagation = null!;
    private double[] _z = null!, _gradient = null!, _weights = null!, _weightGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var inputs = new double[Pairs * 10];
        var targets = new double[Pairs * 10];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = 2 * random.NextDouble() - 1;
        for (int i = 0; i < targets.Length; i++) targets[i] = random.NextDouble();
        var pairs = new TrainingPairs(10, 10, inputs, targets);
        _action = new NetworkAction<SigmoidStudent20>(pairs, 1e4, 1e4) { ModelPrecision = 1e3 };
        _backpropagation = new Backpropagation<SigmoidStudent20>(pairs);
        _z = new double[_action.Dimension];
        for (int i = 0; i < _z.Length; i++) _z[i] = random.NextDouble() - 0.5;
        _gradient = new double[_action.Dimension];
        _weights = _action.Weights(_z).ToArray();
        _weightGradient = new double[_weights.Length];
    }

    [Benchmark(Baseline = true, Description = "network action value")]
    public double ActionValue() => _action.Value(_z);

    [Benchmark(Description = "network action + gradient")]
    public double ActionAndGradient() => _action.Evaluate(_z, _gradient);

    [Benchmark(Description = "backpropagation loss + gradient")]
    public double BackpropagationLossAndGradient() => _backpropagation.Evaluate(_weights, _weightGradient);
}
