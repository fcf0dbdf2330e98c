using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace DeepestLearning;

/// <summary>
/// Precision annealing (DESIGN §1.2): every initial path is minimized at R_f = R_f0·α^β for
/// β = 0 … β_max, each β warm-started from that path's previous minimum. Paths run in
/// parallel; each path's random start comes from its own generator seeded by (seed, path), so
/// results are bit-identical whatever the thread count.
/// </summary>
public static class PrecisionAnnealing
{
    public static AnnealingResult<TModel> Run<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options,
        IProgress<AnnealingProgress>? progress = null, CancellationToken cancellation = default) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        int d = TModel.StateCount;
        if (options.Rf0.Length != d) throw new ArgumentException($"Rf0 must have {d} entries (one per state component), not {options.Rf0.Length}.", nameof(options));
        for (int a = 0; a < d; a++)
            if (!(options.Rf0[a] > 0) || !double.IsFinite(options.Rf0[a])) throw new ArgumentException($"Rf0[{a}] = {options.Rf0[a]} must be positive and finite.", nameof(options));
        if (!(options.Alpha > 1) || !double.IsFinite(options.Alpha)) throw new ArgumentException($"Alpha = {options.Alpha} must be greater than 1.", nameof(options));
        if (options.BetaMax < 0) throw new ArgumentException($"BetaMax = {options.BetaMax} must not be negative.", nameof(options));
        if (options.Paths < 1) throw new ArgumentException($"Paths = {options.Paths} must be at least 1.", nameof(options));
        if (options.Threads < 1) throw new ArgumentException($"Threads = {options.Threads} must be at least 1.", nameof(options));
        if (options.InitialParameters is { } guess && guess.Length != problem.EstimatedParameters.Length)
            throw new ArgumentException($"InitialParameters must have {problem.EstimatedParameters.Length} entries (one per estimated parameter), not {guess.Length}.", nameof(options));

        int levelsCount = options.BetaMax + 1;
        var levels = new AnnealingLevel[levelsCount];
        for (int b = 0; b < levelsCount; b++)
            levels[b] = new AnnealingLevel(b, options.Rf0[0] * Math.Pow(options.Alpha, b), options.Paths, TModel.ParameterCount);
        var finalPaths = new double[options.Paths][];
        var watch = Stopwatch.StartNew();
        var tracker = new AnnealingProgressTracker(progress, options.Paths, levelsCount, watch);

        Parallel.For(0, options.Paths, new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellation }, path =>
        {
            var action = new ActionFunction<TModel>(problem);
            IBoundedMinimizer minimizer = options.CreateMinimizer(problem.VariableCount);
            int n = problem.VariableCount;
            var lower = new double[n];
            var upper = new double[n];
            problem.PackedBounds(lower, upper);
            double[] x = InitialPath(problem, options, path, lower, upper);
            var rf = new double[d];
            var parameters = new double[TModel.ParameterCount];

            for (int beta = 0; beta < levelsCount; beta++)
            {
                cancellation.ThrowIfCancellationRequested();
                double scale = Math.Pow(options.Alpha, beta);
                for (int a = 0; a < d; a++) rf[a] = options.Rf0[a] * scale;
                action.SetModelPrecision(rf);
                MinimizerResult result = minimizer.Minimize(action, x, lower, upper);
                double value = action.Value(x); // records both terms at the accepted point
                problem.FullParameters(x, parameters);

                AnnealingLevel level = levels[beta];
                level.Record(path, value, action.LastMeasurementTerm, action.LastModelTerm, parameters, result);
                tracker.Completed(path, beta, level.Rf, value);
            }
            finalPaths[path] = x;
        });

        return new AnnealingResult<TModel>(problem, options, levels, finalPaths, watch.Elapsed);
    }

    /// <summary>
    /// Observed components start at the data (linearly interpolated between measurement times),
    /// unobserved components and estimated parameters uniform within their bounds; midpoints
    /// start halfway between their neighbours.
    /// </summary>
    public static double[] InitialPath<TModel>(AssimilationProblem<TModel> problem, AnnealingOptions options, int path, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
        where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, steps = problem.Steps;
        // A fixed mix of (seed, path): HashCode.Combine would differ between processes.
        var random = new Random(unchecked(options.Seed * 1_000_003 + path * 7919 + 17));
        var x = new double[problem.VariableCount];
        for (int n = 0; n <= steps; n++)
            for (int a = 0; a < d; a++)
                x[n * d + a] = Uniform(random, lower[n * d + a], upper[n * d + a]);
        for (int n = 0; n < problem.MidpointCount; n++)
            for (int a = 0; a < d; a++)
                x[(steps + 1 + n) * d + a] = 0.0; // set below from neighbours
        for (int k = 0; k < problem.EstimatedParameters.Length; k++)
        {
            int index = problem.ParameterOffset + k;
            x[index] = options.InitialParameters is { } guess ? Math.Clamp(guess[k], lower[index], upper[index]) : Uniform(random, lower[index], upper[index]);
        }

        Observations obs = problem.Observations;
        int rows = obs.Times.Length;
        for (int c = 0; c < obs.Components.Length; c++)
        {
            int a = obs.Components[c];
            for (int n = 0; n <= steps; n++)
            {
                int next = Array.BinarySearch(obs.Times, n);
                double value;
                if (next >= 0) value = obs[next, c];
                else
                {
                    next = ~next;
                    if (next == 0) value = obs[0, c];
                    else if (next >= rows) value = obs[rows - 1, c];
                    else
                    {
                        int t0 = obs.Times[next - 1], t1 = obs.Times[next];
                        double w = (double)(n - t0) / (t1 - t0);
                        value = (1 - w) * obs[next - 1, c] + w * obs[next, c];
                    }
                }
                x[n * d + a] = Math.Clamp(value, lower[n * d + a], upper[n * d + a]);
            }
        }
        for (int n = 0; n < problem.MidpointCount; n++)
            for (int a = 0; a < d; a++)
                x[(steps + 1 + n) * d + a] = 0.5 * (x[n * d + a] + x[(n + 1) * d + a]);
        return x;
    }

    private static double Uniform(Random random, double low, double high)
    {
        if (double.IsInfinity(low) || double.IsInfinity(high)) return double.IsFinite(low) ? low : double.IsFinite(high) ? high : 0.0;
        return low + (high - low) * random.NextDouble();
    }
}
