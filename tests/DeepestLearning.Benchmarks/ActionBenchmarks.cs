using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// Action and action+gradient, trapezoid and Hermite–Simpson: generated against two hand-written versions — the first
/// loops anyone writes (cyclic indices by %) and the peeled loops a numerics programmer writes next
/// (<see cref="PeeledLorenz96"/>). Each category's baseline is the peeled version, so every ratio is against the
/// best hand-written code we have.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ActionBenchmarks
{
    [Params(20, 1000)]
    public int D;

    private Func<double[], double[], double> _generatedTrapezoid = null!, _generatedTrapezoidValue = null!;
    private Func<double[], double[], double> _generatedHermite = null!, _generatedHermiteValue = null!;
    private HandWrittenLorenz96 _hand = null!;
    private PeeledLorenz96 _peeled = null!;
    private double[] _z = null!, _g = null!, _zHs = null!, _gHs = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (D == 20) Build<Lorenz96D20>(160);
        else Build<Lorenz96D1000>(1000);
    }

    private void Build<TModel>(int n) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount;
        var random = new Random(1);
        var data = Enumerable.Range(0, (n + 1) * d).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        var obs = new Observations(Enumerable.Range(0, d).ToArray(), Enumerable.Range(0, n + 1).ToArray(), data);
        var rm = Enumerable.Repeat(4.0, d).ToArray();
        var lo = Enumerable.Repeat(-15.0, d).ToArray();
        var hi = Enumerable.Repeat(15.0, d).ToArray();
        var trap = new ActionFunction<TModel>(new AssimilationProblem<TModel>(n, 0.025, Discretization.Trapezoid, obs, rm, lo, hi, new[] { 0.0 }, new[] { 20.0 }));
        var hs = new ActionFunction<TModel>(new AssimilationProblem<TModel>(n, 0.025, Discretization.HermiteSimpson, obs, rm, lo, hi, new[] { 0.0 }, new[] { 20.0 }));
        trap.SetModelPrecision(Enumerable.Repeat(100.0, d).ToArray());
        hs.SetModelPrecision(Enumerable.Repeat(100.0, d).ToArray());
        _hand = new HandWrittenLorenz96(d, n, 0.025, 100.0, 4.0, data);
        _peeled = new PeeledLorenz96(d, n, 0.025, 100.0, 4.0, data);
        _z = Enumerable.Range(0, trap.Dimension).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        _g = new double[_z.Length];
        _zHs = Enumerable.Range(0, hs.Dimension).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        _gHs = new double[_zHs.Length];
        _generatedTrapezoid = (z, g) => trap.Evaluate(z, g);
        _generatedTrapezoidValue = (z, _) => trap.Value(z);
        _generatedHermite = (z, g) => hs.Evaluate(z, g);
        _generatedHermiteValue = (z, _) => hs.Value(z);

        // The baselines must compute the same numbers as the generated code, or the comparison means nothing.
        Agree("trapezoid", _hand.Evaluate(_z, _g, gradient: true), (double[])_g.Clone(), trap.Evaluate(_z, _g), _g);
        Agree("Hermite–Simpson", _hand.EvaluateHermiteSimpson(_zHs, _gHs, gradient: true), (double[])_gHs.Clone(), hs.Evaluate(_zHs, _gHs), _gHs);
        Agree("peeled trapezoid", _peeled.Evaluate(_z, _g, gradient: true), (double[])_g.Clone(), trap.Evaluate(_z, _g), _g);
        Agree("peeled Hermite–Simpson", _peeled.EvaluateHermiteSimpson(_zHs, _gHs, gradient: true), (double[])_gHs.Clone(), hs.Evaluate(_zHs, _gHs), _gHs);
        Agree("peeled trapezoid action", _peeled.Evaluate(_z, _g, gradient: false), null, trap.Value(_z), null);
        Agree("peeled Hermite–Simpson action", _peeled.EvaluateHermiteSimpson(_zHs, _gHs, gradient: false), null, hs.Value(_zHs), null);
    }

    /// <summary>Throws unless a hand-written value (and gradient) equals the generated one to 1e-12 relative: otherwise the timing compares different computations.</summary>
    internal static void Agree(string name, double handValue, double[]? handGradient, double generatedValue, double[]? generatedGradient)
    {
        const double tolerance = 1e-12;
        double scale = Math.Max(1.0, Math.Abs(generatedValue));
        if (Math.Abs(handValue - generatedValue) > tolerance * scale) throw new InvalidOperationException($"{name}: hand-written action {handValue} ≠ generated {generatedValue}");
        if (handGradient is null || generatedGradient is null) return;
        double gScale = generatedGradient.Max(Math.Abs);
        for (int i = 0; i < handGradient.Length; i++)
            if (Math.Abs(handGradient[i] - generatedGradient[i]) > tolerance * gScale)
                throw new InvalidOperationException($"{name}: gradient[{i}] hand-written {handGradient[i]} ≠ generated {generatedGradient[i]}");
    }

    private const string TrapezoidAction = "trapezoid action", TrapezoidGradient = "trapezoid action+gradient",
        HermiteAction = "Hermite–Simpson action", HermiteGradient = "Hermite–Simpson action+gradient";

    [Benchmark(Baseline = true), BenchmarkCategory(TrapezoidAction)] public double PeeledTrapezoidAction() => _peeled.Evaluate(_z, _g, gradient: false);
    [Benchmark, BenchmarkCategory(TrapezoidAction)] public double ModuloTrapezoidAction() => _hand.Evaluate(_z, _g, gradient: false);
    [Benchmark, BenchmarkCategory(TrapezoidAction)] public double GeneratedTrapezoidAction() => _generatedTrapezoidValue(_z, _g);
    [Benchmark(Baseline = true), BenchmarkCategory(TrapezoidGradient)] public double PeeledTrapezoidActionGradient() => _peeled.Evaluate(_z, _g, gradient: true);
    [Benchmark, BenchmarkCategory(TrapezoidGradient)] public double ModuloTrapezoidActionGradient() => _hand.Evaluate(_z, _g, gradient: true);
    [Benchmark, BenchmarkCategory(TrapezoidGradient)] public double GeneratedTrapezoidActionGradient() => _generatedTrapezoid(_z, _g);
    [Benchmark(Baseline = true), BenchmarkCategory(HermiteAction)] public double PeeledHermiteSimpsonAction() => _peeled.EvaluateHermiteSimpson(_zHs, _gHs, gradient: false);
    [Benchmark, BenchmarkCategory(HermiteAction)] public double ModuloHermiteSimpsonAction() => _hand.EvaluateHermiteSimpson(_zHs, _gHs, gradient: false);
    [Benchmark, BenchmarkCategory(HermiteAction)] public double GeneratedHermiteSimpsonAction() => _generatedHermiteValue(_zHs, _gHs);
    [Benchmark(Baseline = true), BenchmarkCategory(HermiteGradient)] public double PeeledHermiteSimpsonActionGradient() => _peeled.EvaluateHermiteSimpson(_zHs, _gHs, gradient: true);
    [Benchmark, BenchmarkCategory(HermiteGradient)] public double ModuloHermiteSimpsonActionGradient() => _hand.EvaluateHermiteSimpson(_zHs, _gHs, gradient: true);
    [Benchmark, BenchmarkCategory(HermiteGradient)] public double GeneratedHermiteSimpsonActionGradient() => _generatedHermite(_zHs, _gHs);
}
