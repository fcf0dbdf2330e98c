using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// "action-ratio [rounds]": generated / peeled hand-written (<see cref="PeeledLorenz96"/>) time of the action and of
/// action+gradient for Lorenz96 at (D, N) = (20, 160), (100, 1000), (1000, 1000), trapezoid and Hermite–Simpson, in
/// one process. Each round times a block of the peeled code and a block of the generated code back to back (the
/// order alternating between rounds), so a load change on a shared machine hits both; the ratio reported is the
/// median of the per-round ratios. The setup checks agreement to 1e-12 first, like <see cref="ActionBenchmarks"/>.
/// </summary>
public static class ActionRatioCommand
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0]) : 15;
        Console.WriteLine($"generated / peeled hand-written, median of {rounds} alternating rounds (each block ≥ 20 ms)");
        Console.WriteLine("| D, N | rule | peeled action | generated action | ratio | peeled action+gradient | generated action+gradient | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Case<Lorenz96D20>(160, rounds);
        Case<Lorenz96D100Benchmark>(1000, rounds);
        Case<Lorenz96D1000>(1000, rounds);
        return 0;
    }

    private static void Case<TModel>(int n, int rounds) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount;
        const double dt = 0.025, rf = 100.0, rm = 4.0;
        var random = new Random(1);
        var data = Enumerable.Range(0, (n + 1) * d).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        var obs = new Observations(Enumerable.Range(0, d).ToArray(), Enumerable.Range(0, n + 1).ToArray(), data);
        var rmv = Enumerable.Repeat(rm, d).ToArray();
        var lo = Enumerable.Repeat(-15.0, d).ToArray();
        var hi = Enumerable.Repeat(15.0, d).ToArray();
        var peeled = new PeeledLorenz96(d, n, dt, rf, rm, data);
        foreach (var rule in new[] { Discretization.Trapezoid, Discretization.HermiteSimpson })
        {
            var action = new ActionFunction<TModel>(new AssimilationProblem<TModel>(n, dt, rule, obs, rmv, lo, hi, new[] { 0.0 }, new[] { 20.0 }));
            action.SetModelPrecision(Enumerable.Repeat(rf, d).ToArray());
            var z = Enumerable.Range(0, action.Dimension).Select(_ => random.NextDouble() * 10 - 5).ToArray();
            var gHand = new double[z.Length];
            var gGen = new double[z.Length];
            bool hs = rule == Discretization.HermiteSimpson;
            Func<bool, double> hand = hs ? gradient => peeled.EvaluateHermiteSimpson(z, gHand, gradient) : gradient => peeled.Evaluate(z, gHand, gradient);
            Func<bool, double> generated = gradient => gradient ? action.Evaluate(z, gGen) : action.Value(z);
            ActionBenchmarks.Agree($"{rule} D={d}", hand(true), gHand, generated(true), gGen);
            ActionBenchmarks.Agree($"{rule} D={d} action", hand(false), null, generated(false), null);
            var (hv, gv, rv) = Ratio(hand, generated, false, rounds);
            var (hg, gg, rg) = Ratio(hand, generated, true, rounds);
            Console.WriteLine($"| {d}, {n} | {(hs ? "Hermite–Simpson" : "trapezoid")} | {Format(hv)} | {Format(gv)} | {rv:F2} | {Format(hg)} | {Format(gg)} | {rg:F2} |");
        }
    }

    private static (double Hand, double Generated, double Ratio) Ratio(Func<bool, double> hand, Func<bool, double> generated, bool gradient, int rounds)
    {
        // Warm up for 1 s (the tiered JIT's background recompilation lags on a loaded machine), then size the blocks to ≥ 20 ms.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalMilliseconds < 1000) { hand(gradient); generated(gradient); }
        var watch = Stopwatch.StartNew();
        int reps = 0;
        while (watch.Elapsed.TotalMilliseconds < 200) { hand(gradient); generated(gradient); reps++; }
        int block = Math.Max(1, (int)(reps * 20.0 / Math.Max(1, watch.Elapsed.TotalMilliseconds) * 2));
        var hTimes = new List<double>();
        var gTimes = new List<double>();
        var ratios = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            double h, g;
            if (r % 2 == 0) { h = Time(hand, gradient, block); g = Time(generated, gradient, block); }
            else { g = Time(generated, gradient, block); h = Time(hand, gradient, block); }
            hTimes.Add(h); gTimes.Add(g); ratios.Add(g / h);
        }
        return (Median(hTimes), Median(gTimes), Median(ratios));
    }

    private static double Time(Func<bool, double> f, bool gradient, int block)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < block; i++) f(gradient);
        return Stopwatch.GetElapsedTime(start).TotalSeconds / block;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string Format(double seconds) => seconds < 1e-3 ? $"{seconds * 1e6:F1} µs" : $"{seconds * 1e3:F2} ms";
}
