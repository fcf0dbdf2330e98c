using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using DeepestLearning;

namespace DeepNetworkSample;

/// <summary>One trained start: its training loss Σ‖x(L) − y‖² (forward pass), held-out RMSE and cost.</summary>
public sealed record StartOutcome(string Method, int Start, double TrainingLoss, double HeldOutRmse, int Iterations, int Evaluations, string Exit, double[] Weights);

/// <summary>All starts of all three methods on one network and data set, and the annealing record.</summary>
public sealed record Comparison(string Network, int WeightCount, AnnealingLevel[] Levels, IReadOnlyList<StartOutcome> Outcomes, IReadOnlyDictionary<string, double> Seconds)
{
    public const string Annealing = "annealing";
    public const string Lbfgs = "backprop-lbfgs";
    public const string Adam = "backprop-adam";
    public static readonly string[] Methods = { Annealing, Lbfgs, Adam };

    /// <summary>The lowest training loss any start of any method reached.</summary>
    public double LowestLoss => Outcomes.Min(o => o.TrainingLoss);

    /// <summary>Fraction of a method's starts whose training loss is within 5 % of <see cref="LowestLoss"/>.</summary>
    public double FractionAtLowest(string method)
    {
        var mine = Outcomes.Where(o => o.Method == method).ToList();
        return mine.Count(o => o.TrainingLoss <= 1.05 * LowestLoss) / (double)mine.Count;
    }

    /// <summary>A method's start with the lowest training loss (the one a user would keep).</summary>
    public StartOutcome Best(string method) => Outcomes.Where(o => o.Method == method).MinBy(o => o.TrainingLoss)!;
}

/// <summary>
/// Trains one network three ways from the same N_I initial weight draws: precision annealing of the
/// network action (L-BFGS-B at every β), and backpropagation of the least-squares loss minimized by
/// L-BFGS and by Adam.
/// </summary>
public static class MethodComparison
{
    public static Comparison Run<TNet>(string name, TrainingPairs training, TrainingPairs heldOut, double inputPrecision, double outputPrecision,
        NetworkAnnealingOptions annealing, AdamOptions adam, LbfgsBOptions lbfgs, Action<string>? log = null) where TNet : ILayeredNetwork<TNet>
    {
        int count = NetworkLayout<TNet>.WeightCount;
        var outcomes = new List<StartOutcome>();
        var seconds = new Dictionary<string, double>();
        var loss = new Backpropagation<TNet>(training);
        double Loss(double[] w) => loss.Evaluate(w, new double[count]);

        var watch = Stopwatch.StartNew();
        NetworkAnnealingResult<TNet> annealed = NetworkAnnealing.Run<TNet>(training, inputPrecision, outputPrecision, annealing);
        seconds[Comparison.Annealing] = watch.Elapsed.TotalSeconds;
        AnnealingLevel last = annealed.Levels[^1];
        for (int path = 0; path < annealing.Paths; path++)
        {
            double[] w = annealed.Weights(path);
            outcomes.Add(new StartOutcome(Comparison.Annealing, path, Loss(w), NetworkForward<TNet>.RootMeanSquareError(w, heldOut),
                annealed.Levels.Sum(l => l.Iterations[path]), annealed.Levels.Sum(l => l.Evaluations[path]), last.Exits[path].ToString(), w));
        }
        log?.Invoke($"{name}: annealing {seconds[Comparison.Annealing]:F1} s");

        var lower = new double[count];
        var upper = new double[count];
        Array.Fill(lower, -annealing.WeightBound);
        Array.Fill(upper, annealing.WeightBound);
        foreach (string method in new[] { Comparison.Lbfgs, Comparison.Adam })
        {
            var results = new StartOutcome[annealing.Paths];
            watch.Restart();
            Parallel.For(0, annealing.Paths, new ParallelOptions { MaxDegreeOfParallelism = annealing.Threads }, start =>
            {
                var objective = new Backpropagation<TNet>(training);
                double[] w = annealing.InitialWeights(count, start);
                IBoundedMinimizer minimizer = method == Comparison.Lbfgs ? new LbfgsB(objective, lbfgs) : new Adam(objective, adam);
                MinimizerResult r = minimizer.Minimize(w, lower, upper);
                results[start] = new StartOutcome(method, start, objective.Evaluate(w, new double[count]), NetworkForward<TNet>.RootMeanSquareError(w, heldOut),
                    r.Iterations, r.Evaluations, r.Exit.ToString(), w);
            });
            seconds[method] = watch.Elapsed.TotalSeconds;
            outcomes.AddRange(results);
            log?.Invoke($"{name}: {method} {seconds[method]:F1} s");
        }
        return new Comparison(name, count, annealed.Levels, outcomes, seconds);
    }
}
