using System;

namespace DeepestLearning;

/// <summary>
/// Initial paths for annealing. Observed components start at the data (linearly interpolated
/// between measurement times). Unobserved components either start as independent uniform draws
/// within their bounds (<see cref="StartKind.Uniform"/>), or are <em>synchronized</em> to the data
/// (<see cref="StartKind.Synchronized"/>): the model is integrated with the start's parameters
/// while its observed components are replaced by the data after every step (the strong-coupling
/// limit of nudging), so the unobserved components are what the model, driven by the
/// measurements, makes of them — the neuron's gates follow the recorded voltage, an unobserved
/// Lorenz96 component is slaved to its observed neighbours. Different parameters then give
/// genuinely different unobserved paths, which is what puts different starts in different basins.
/// </summary>
public static class StartPaths
{
    /// <summary>
    /// The observed components' data on every grid point: exact at measurement times, linear
    /// in between, held constant before the first and after the last measurement.
    /// Written into the state slots of <paramref name="packed"/>, clamped to the bounds.
    /// </summary>
    public static void InterpolateObserved<TModel>(AssimilationProblem<TModel> problem, Span<double> packed, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
        where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount;
        Observations obs = problem.Observations;
        if (problem.ObservesMeasurementFunction) return; // the columns are outputs of h, not states: no state starts at the data
        for (int c = 0; c < obs.Components.Length; c++)
        {
            // Only measured rows: a gap is bridged like the time between two measurements, and a column without
            // any measurement leaves its component to the rest of the start (it is unobserved).
            (int[] times, double[] values) = MeasuredColumn(obs, c);
            if (times.Length == 0) continue;
            int a = obs.Components[c];
            for (int n = 0; n <= problem.Steps; n++)
                packed[n * d + a] = Math.Clamp(ObservedAt(times, values, n), lower[n * d + a], upper[n * d + a]);
        }
    }

    /// <summary>The grid times and values of the measured rows of column <paramref name="column"/>.</summary>
    private static (int[] Times, double[] Values) MeasuredColumn(Observations obs, int column)
    {
        var times = new int[obs.MeasuredInColumn(column)];
        var values = new double[times.Length];
        int k = 0;
        for (int row = 0; row < obs.Times.Length; row++)
        {
            if (!obs.IsMeasured(row, column)) continue;
            times[k] = obs.Times[row];
            values[k++] = obs[row, column];
        }
        return (times, values);
    }

    /// <summary>The measured series (<paramref name="times"/>, <paramref name="values"/>) at grid point <paramref name="n"/>, interpolated linearly.</summary>
    private static double ObservedAt(int[] times, double[] values, int n)
    {
        int rows = times.Length;
        int next = Array.BinarySearch(times, n);
        if (next >= 0) return values[next];
        next = ~next;
        if (next == 0) return values[0];
        if (next >= rows) return values[rows - 1];
        int t0 = times[next - 1], t1 = times[next];
        double w = (double)(n - t0) / (t1 - t0);
        return (1 - w) * values[next - 1] + w * values[next];
    }

    /// <summary>Which state components have at least one measured value: the others are unobserved, whatever the table's columns say.</summary>
    internal static bool[] ObservedComponents<TModel>(AssimilationProblem<TModel> problem) where TModel : IDynamicalModel<TModel>
    {
        Observations obs = problem.Observations;
        var observed = new bool[TModel.StateCount];
        if (problem.ObservesMeasurementFunction) return observed; // measured through h: no state component is observed as such
        for (int c = 0; c < obs.Components.Length; c++)
            if (obs.MeasuredInColumn(c) > 0) observed[obs.Components[c]] = true;
        return observed;
    }

    /// <summary>
    /// Fills the state part of <paramref name="packed"/> with the synchronized integration: starting
    /// from <paramref name="initialState"/> (observed components replaced by the data), RK4 steps of
    /// the model with the full parameter vector <paramref name="parameters"/>, the observed components
    /// reset to the data after each step and every component clamped to its bounds (a diverging
    /// unobserved component stops at the box instead of overflowing). Hermite–Simpson midpoints are
    /// the means of their neighbours. The parameter slots are left as they are.
    /// </summary>
    public static void Synchronized<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> parameters, ReadOnlySpan<double> initialState,
        Span<double> packed, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        int d = TModel.StateCount, u = TModel.StimulusCount, steps = problem.Steps;
        ModelArguments.RequireLength(parameters.Length, TModel.ParameterCount, nameof(parameters));
        ModelArguments.RequireLength(initialState.Length, d, nameof(initialState));
        ModelArguments.RequireLength(packed.Length, problem.VariableCount, nameof(packed));

        InterpolateObserved(problem, packed, lower, upper);
        bool[] isObserved = ObservedComponents(problem);
        for (int a = 0; a < d; a++)
            if (!isObserved[a]) packed[a] = Math.Clamp(initialState[a], lower[a], upper[a]);

        var rk4 = new ExplicitStep<TModel>(ExplicitRule.RungeKutta4);
        var next = new double[d];
        var mid = new double[u];
        double[] stimulus = problem.Stimulus;
        for (int n = 0; n < steps; n++)
        {
            TwinExperiment.StepStimulus(stimulus, u, n, mid, out ReadOnlySpan<double> u0, out ReadOnlySpan<double> u1);
            rk4.Forward(packed.Slice(n * d, d), parameters, u0, mid, u1, problem.Dt, next);
            for (int a = 0; a < d; a++)
            {
                if (isObserved[a]) continue; // already the data
                int index = (n + 1) * d + a;
                double value = double.IsFinite(next[a]) ? next[a] : packed[n * d + a];
                packed[index] = Math.Clamp(value, lower[index], upper[index]);
            }
        }
        FillMidpoints(problem, packed);
    }

    /// <summary>
    /// Whether the data determine the unobserved components through the model for these parameters:
    /// two synchronized integrations (<see cref="Synchronized{TModel}"/>) from initial states near
    /// opposite ends of the box end within <see cref="SynchronizationTolerance"/> of each other
    /// (relative to each component's box width, or to 1 when unbounded) over the last quarter of
    /// the window, or their difference there has shrunk to <see cref="ContractionFactor"/> of the first quarter's. True for a model whose unobserved part relaxes onto the driving data (the
    /// neuron's gates); false when it keeps its own chaos (too few observed Lorenz96 components) —
    /// then the unobserved components are not functions of the data and annealing must find them.
    /// </summary>
    public static bool Synchronizes<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> parameters, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        int d = TModel.StateCount, steps = problem.Steps;
        var first = new double[problem.VariableCount];
        var second = new double[problem.VariableCount];
        var low = new double[d];
        var high = new double[d];
        for (int a = 0; a < d; a++)
        {
            double width = upper[a] - lower[a];
            low[a] = double.IsFinite(width) ? lower[a] + 0.2 * width : double.IsFinite(lower[a]) ? lower[a] : double.IsFinite(upper[a]) ? upper[a] - 1 : -1;
            high[a] = double.IsFinite(width) ? upper[a] - 0.2 * width : double.IsFinite(upper[a]) ? upper[a] : double.IsFinite(lower[a]) ? lower[a] + 1 : 1;
        }
        Synchronized(problem, parameters, low, first, lower, upper);
        Synchronized(problem, parameters, high, second, lower, upper);
        double early = LargestDifference(first, second, 0, steps / 4, d, lower, upper);
        double late = LargestDifference(first, second, steps - steps / 4, steps, d, lower, upper);
        return late <= SynchronizationTolerance || late <= ContractionFactor * early;
    }

    /// <summary>max |a − b| / width over grid points first..last and every component.</summary>
    private static double LargestDifference(double[] a, double[] b, int first, int last, int d, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        double largest = 0;
        for (int n = first; n <= last; n++)
            for (int c = 0; c < d; c++)
            {
                double width = upper[c] - lower[c];
                double scale = double.IsFinite(width) && width > 0 ? width : 1.0;
                double difference = Math.Abs(a[n * d + c] - b[n * d + c]) / scale;
                if (!(difference <= largest)) largest = double.IsNaN(difference) ? double.PositiveInfinity : difference;
            }
        return largest;
    }

    /// <summary>Two synchronized integrations whose largest difference over the last quarter of the window is at most this fraction of the box width are one path.</summary>
    public const double SynchronizationTolerance = 1e-3;

    /// <summary>… or whose difference over the last quarter has shrunk to this fraction of the first quarter's: they contract onto one path, only more slowly than the window shows.</summary>
    public const double ContractionFactor = 1e-2;

    /// <summary>
    /// How many values of the packed <paramref name="path"/> lie outside the problem's box bounds, and the largest
    /// distance by which one does: what annealing will move onto the bounds when the path is an initial path.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> does not have the packed length.</exception>
    public static (int Count, double LargestDistance) OutsideBounds<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> path) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        ModelArguments.RequireExactLength(path.Length, problem.VariableCount, nameof(path));
        var lower = new double[path.Length];
        var upper = new double[path.Length];
        problem.PackedBounds(lower, upper);
        int count = 0;
        double largest = 0;
        for (int i = 0; i < path.Length; i++)
        {
            double distance = Math.Max(lower[i] - path[i], path[i] - upper[i]);
            if (!(distance > 0)) continue;
            count++;
            largest = Math.Max(largest, distance);
        }
        return (count, largest);
    }

    /// <summary>Hermite–Simpson midpoints as the means of their grid neighbours (nothing for other discretizations).</summary>
    public static void FillMidpoints<TModel>(AssimilationProblem<TModel> problem, Span<double> packed) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, steps = problem.Steps;
        for (int n = 0; n < problem.MidpointCount; n++)
            for (int a = 0; a < d; a++)
                packed[(steps + 1 + n) * d + a] = 0.5 * (packed[n * d + a] + packed[(n + 1) * d + a]);
    }
}
