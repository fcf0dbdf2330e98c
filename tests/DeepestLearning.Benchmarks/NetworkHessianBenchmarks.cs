using System;
using BenchmarkDotNet.Attributes;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// One factorization of the exact network-action Hessian of the two-spirals network (residual tanh,
/// width 6, 12 layers, 504 weights as the border; M = 200 pairs, 16 104 variables) at a random
/// point — the step every Newton iteration of network annealing pays. The border's Schur complement
/// (504 × 504, fed by 15 600 band rows) dominates it.
/// </summary>
[MemoryDiagnoser]
public class NetworkHessianBenchmarks
{
    private const int Pairs = 200;
    private ArrowheadLdlt _ldlt = null!;
    private double[] _values = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int width = SpiralNet.Width;
        var inputs = new double[Pairs * width];
        var targets = new double[Pairs * width];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = random.NextDouble() - 0.5;
        for (int i = 0; i < targets.Length; i++) targets[i] = random.NextDouble() - 0.5;
        var action = new NetworkAction<SpiralNet>(new TrainingPairs(width, width, inputs, targets, null, new[] { 0 }), 1e6, 100) { ModelPrecision = 100 };
        var z = new double[action.Dimension];
        for (int i = 0; i < z.Length; i++) z[i] = random.NextDouble() - 0.5;
        _values = new double[action.HessianPattern.NonZeroCount];
        action.Hessian(z, _values);
        _ldlt = new ArrowheadLdlt(action.HessianPattern, action.EliminationOrder(), action.BorderCount);
    }

    [Benchmark(Description = "spirals network Hessian: factor (16 104 variables, 504-weight border)")]
    public Inertia Factor()
    {
        _ldlt.Factor(_values);
        return _ldlt.Inertia;
    }
}
