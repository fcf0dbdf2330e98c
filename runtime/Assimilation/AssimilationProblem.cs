using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>
/// A data-assimilation problem for the model <typeparamref name="TModel"/> (docs/design.md §1.1): the grid,
/// the discretization, the observations and their precisions R_m, the model precisions R_f,
/// the stimulus, the box bounds, and which parameters are estimated. Validated on construction:
/// every wrong size, non-finite number or inverted bound throws an exception naming the argument.
/// </summary>
/// <remarks>
/// Unknowns are packed as [x(0) … x(N)] then, for Hermite–Simpson, [x(½) … x(N−½)], then the
/// estimated parameters in increasing index order.
/// </remarks>
public sealed class AssimilationProblem<TModel> where TModel : IDynamicalModel<TModel>
{
    /// <summary>Creates and validates a problem.</summary>
    /// <param name="steps">N, the number of model steps; the grid has N + 1 points.</param>
    /// <param name="dt">Δt, the model time step (positive).</param>
    /// <param name="discretization">How the model term turns dx/dt = F into residuals.</param>
    /// <param name="observations">The measurements; their times are model-grid indexes 0 … N. Their columns are state components, or outputs of the model's [Measurement] function when it declares one.</param>
    /// <param name="measurementPrecision">R_m = 1/σ² per observed component, in the column order of <paramref name="observations"/>; non-negative.</param>
    /// <param name="stateLower">Lower bound of each of the D state components, at every grid point.</param>
    /// <param name="stateUpper">Upper bound of each state component.</param>
    /// <param name="parameterLower">Lower bound of each of the P parameters.</param>
    /// <param name="parameterUpper">Upper bound of each parameter.</param>
    /// <param name="estimated">Which parameters are unknowns (null: all of them).</param>
    /// <param name="parameterValues">Values of the fixed parameters (null: zeros); entries of estimated parameters are ignored.</param>
    /// <param name="stimulus">The stimulus on the model grid, (N + 1) × U row-major; required when the model has stimuli, null or empty otherwise.</param>
    /// <exception cref="ArgumentException">A size does not match the model or the grid, a number is not finite, a bound pair is inverted, or an observed component or time lies outside the model or the grid; the message names the argument.</exception>
    /// <exception cref="ArgumentNullException">A required array is null (the stimulus, for a model with stimuli).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 1, <paramref name="dt"/> not positive and finite, or an unknown <paramref name="discretization"/>.</exception>
    public AssimilationProblem(
        int steps,
        double dt,
        Discretization discretization,
        Observations observations,
        double[] measurementPrecision,
        double[] stateLower,
        double[] stateUpper,
        double[] parameterLower,
        double[] parameterUpper,
        bool[]? estimated = null,
        double[]? parameterValues = null,
        double[]? stimulus = null)
        : this(steps, dt, discretization, observations, measurementPrecision, null, stateLower, stateUpper, parameterLower, parameterUpper, estimated, parameterValues, stimulus)
    {
    }

    /// <summary>
    /// Creates and validates a problem whose measurement precision differs from one measurement to the next
    /// (a sensor whose noise changes over the record, a channel recorded at two gains): R_m per time and component.
    /// </summary>
    /// <param name="steps">N, the number of model steps; the grid has N + 1 points.</param>
    /// <param name="dt">Δt, the model time step (positive).</param>
    /// <param name="discretization">How the model term turns dx/dt = F into residuals.</param>
    /// <param name="observations">The measurements; their times are model-grid indexes 0 … N.</param>
    /// <param name="measurementPrecision">
    /// R_m = 1/σ² of every entry, a times × components matrix in the layout of <paramref name="observations"/>
    /// (<see cref="Observations.PrecisionMatrix"/> builds one from a function); finite and non-negative where
    /// measured, ignored where not.
    /// </param>
    /// <param name="stateLower">Lower bound of each of the D state components, at every grid point.</param>
    /// <param name="stateUpper">Upper bound of each state component.</param>
    /// <param name="parameterLower">Lower bound of each of the P parameters.</param>
    /// <param name="parameterUpper">Upper bound of each parameter.</param>
    /// <param name="estimated">Which parameters are unknowns (null: all of them).</param>
    /// <param name="parameterValues">Values of the fixed parameters (null: zeros); entries of estimated parameters are ignored.</param>
    /// <param name="stimulus">The stimulus on the model grid, (N + 1) × U row-major; required when the model has stimuli, null or empty otherwise.</param>
    /// <exception cref="ArgumentException">As for the per-component constructor; a matrix of the wrong shape or a measured entry that is negative or not finite names <paramref name="measurementPrecision"/>.</exception>
    /// <exception cref="ArgumentNullException">A required array is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> &lt; 1, <paramref name="dt"/> not positive and finite, or an unknown <paramref name="discretization"/>.</exception>
    public AssimilationProblem(
        int steps,
        double dt,
        Discretization discretization,
        Observations observations,
        double[,] measurementPrecision,
        double[] stateLower,
        double[] stateUpper,
        double[] parameterLower,
        double[] parameterUpper,
        bool[]? estimated = null,
        double[]? parameterValues = null,
        double[]? stimulus = null)
        : this(steps, dt, discretization, observations, null, measurementPrecision ?? throw new ArgumentNullException(nameof(measurementPrecision)),
            stateLower, stateUpper, parameterLower, parameterUpper, estimated, parameterValues, stimulus)
    {
    }

    /// <summary>The one validation of both forms of the measurement precision: exactly one of <paramref name="perComponent"/> and <paramref name="perEntry"/> is given.</summary>
    private AssimilationProblem(
        int steps,
        double dt,
        Discretization discretization,
        Observations observations,
        double[]? perComponent,
        double[,]? perEntry,
        double[] stateLower,
        double[] stateUpper,
        double[] parameterLower,
        double[] parameterUpper,
        bool[]? estimated,
        double[]? parameterValues,
        double[]? stimulus)
    {
        int d = TModel.StateCount, p = TModel.ParameterCount, u = TModel.StimulusCount;
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps (N) must be at least 1.");
        if (!(dt > 0) || !double.IsFinite(dt)) throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be positive and finite.");
        if (!Enum.IsDefined(discretization)) throw new ArgumentOutOfRangeException(nameof(discretization), discretization, "unknown discretization.");
        // Sizes are products of user numbers: computed in 64 bits and refused before any int overflows.
        long points = (long)steps + 1 + (discretization == Discretization.HermiteSimpson ? steps : 0);
        long variables = points * d + p, stimulusValues = ((long)steps + 1) * u;
        if (variables > Array.MaxLength || stimulusValues > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(steps), steps,
                $"steps = {steps} makes a path of {variables:N0} variables ({points:N0} points × {d} states + {p} parameters), more than one array can hold; use fewer steps.");
        ArgumentNullException.ThrowIfNull(observations);

        // With a [Measurement] function the columns name its outputs; without one, state components.
        int m = TModel.MeasurementCount;
        foreach (int c in observations.Components)
        {
            if (m > 0 && (c < 0 || c >= m)) throw new ArgumentException($"observed output {c} of the measurement function is outside 0..{m - 1}.", nameof(observations));
            if (m == 0 && (c < 0 || c >= d)) throw new ArgumentException($"observed component {c} is outside 0..{d - 1}.", nameof(observations));
        }
        if (new HashSet<int>(observations.Components).Count != observations.Components.Length)
            throw new ArgumentException(m > 0 ? "observed outputs must be distinct." : "observed components must be distinct.", nameof(observations));
        for (int t = 0; t < observations.Times.Length; t++)
            if (observations.Times[t] < 0 || observations.Times[t] > steps)
                throw new ArgumentException($"measurement time index {observations.Times[t]} (row {t}) is outside the grid 0..{steps}.", nameof(observations));

        const string precisionName = "measurementPrecision";
        int rows = observations.Times.Length, columns = observations.Components.Length;
        if (perEntry is null)
        {
            RequireLength(perComponent!, columns, precisionName);
            for (int k = 0; k < perComponent!.Length; k++)
                if (!(perComponent[k] >= 0) || !double.IsFinite(perComponent[k]))
                    throw new ArgumentException($"measurementPrecision[{k}] = {perComponent[k]} must be finite and non-negative.", precisionName);
        }
        else
        {
            if (perEntry.GetLength(0) != rows || perEntry.GetLength(1) != columns)
                throw new ArgumentException($"measurementPrecision must be a times × components = {rows} × {columns} matrix, not {perEntry.GetLength(0)} × {perEntry.GetLength(1)}.", precisionName);
            for (int row = 0; row < rows; row++)
                for (int c = 0; c < columns; c++)
                    if (observations.IsMeasured(row, c) && (!(perEntry[row, c] >= 0) || !double.IsFinite(perEntry[row, c])))
                        throw new ArgumentException($"measurementPrecision[{row}, {c}] = {perEntry[row, c]} (time {observations.Times[row]}, component {observations.Components[c]}) must be finite and non-negative.", precisionName);
        }

        CheckBounds(stateLower, stateUpper, d, nameof(stateLower), nameof(stateUpper));
        CheckBounds(parameterLower, parameterUpper, p, nameof(parameterLower), nameof(parameterUpper));

        estimated ??= CreateFilled(p, true);
        RequireLength(estimated, p, nameof(estimated));
        parameterValues ??= new double[p];
        RequireLength(parameterValues, p, nameof(parameterValues));
        for (int k = 0; k < p; k++)
        {
            if (!double.IsFinite(parameterValues[k]))
                throw new ArgumentException($"parameterValues[{k}] = {parameterValues[k]} is not finite.", nameof(parameterValues));
            if (!estimated[k] && (parameterValues[k] < parameterLower[k] || parameterValues[k] > parameterUpper[k]))
                throw new ArgumentException($"fixed parameterValues[{k}] = {parameterValues[k]} lies outside its bounds [{parameterLower[k]}, {parameterUpper[k]}].", nameof(parameterValues));
        }

        if (u > 0)
        {
            if (stimulus is null) throw new ArgumentNullException(nameof(stimulus), $"the model has {u} stimulus input(s): give a series of (steps + 1) × {u} values on the model grid.");
            RequireLength(stimulus, (steps + 1) * u, nameof(stimulus));
            for (int k = 0; k < stimulus.Length; k++)
                if (!double.IsFinite(stimulus[k])) throw new ArgumentException($"stimulus[{k}] (time {k / u}, input {k % u}) is {stimulus[k]}; the stimulus must be finite.", nameof(stimulus));
        }
        else if (stimulus is not null && stimulus.Length != 0)
        {
            throw new ArgumentException("the model has no stimulus inputs, but a stimulus series was given.", nameof(stimulus));
        }

        Steps = steps;
        Dt = dt;
        Discretization = discretization;
        Observations = observations;
        if (perEntry is null)
        {
            MeasurementPrecision = (double[])perComponent!.Clone();
        }
        else
        {
            // Our own row-major copy, 0 where nothing was measured; per component, the mean over the measured entries
            // stands for the column wherever one scale per component is needed (automatic R_f0, β_max, the data-outside-bounds margin).
            _entryPrecision = new double[rows * columns];
            MeasurementPrecision = new double[columns];
            for (int c = 0; c < columns; c++)
            {
                double sum = 0;
                int count = 0;
                for (int row = 0; row < rows; row++)
                {
                    if (!observations.IsMeasured(row, c)) continue;
                    _entryPrecision[row * columns + c] = perEntry[row, c];
                    sum += perEntry[row, c];
                    count++;
                }
                MeasurementPrecision[c] = count > 0 ? sum / count : 0.0;
            }
        }
        DenseMeasurements = !observations.HasMissing && _entryPrecision is null;
        if (!DenseMeasurements && m == 0) Entries = new MeasurementEntries(observations, TModel.StateCount, _entryPrecision, MeasurementPrecision);
        int weighted = 0;
        for (int row = 0; row < rows; row++)
            for (int c = 0; c < columns; c++)
                if (observations.IsMeasured(row, c) && Precision(row, c) > 0) weighted++;
        MeasurementCount = weighted;
        StateLower = (double[])stateLower.Clone();
        StateUpper = (double[])stateUpper.Clone();
        ParameterLower = (double[])parameterLower.Clone();
        ParameterUpper = (double[])parameterUpper.Clone();
        Estimated = (bool[])estimated.Clone();
        ParameterValues = (double[])parameterValues.Clone();
        Stimulus = stimulus is null ? Array.Empty<double>() : (double[])stimulus.Clone();

        var indices = new List<int>();
        for (int k = 0; k < p; k++) if (estimated[k]) indices.Add(k);
        EstimatedParameters = indices.ToArray();
    }

    /// <summary>N, the number of model steps (the grid has N + 1 points).</summary>
    public int Steps { get; }
    /// <summary>Δt, the model time step.</summary>
    public double Dt { get; }
    /// <summary>The rule that turns the model into residuals.</summary>
    public Discretization Discretization { get; }
    /// <summary>The measurements y_l(n).</summary>
    public Observations Observations { get; }
    /// <summary>
    /// R_m per observed component, in the column order of <see cref="Observations"/>. When the precision was given per
    /// entry (<see cref="PrecisionPerEntry"/>) this is each column's mean over its measured entries, a scale for the
    /// choices made per component; the action uses <see cref="Precision"/>.
    /// </summary>
    public double[] MeasurementPrecision { get; }

    /// <summary>Whether the measurement precision was given per time and component rather than per component.</summary>
    public bool PrecisionPerEntry => _entryPrecision is not null;

    /// <summary>R_m of the measurement in row <paramref name="row"/>, column <paramref name="column"/> of <see cref="Observations"/>; 0 where nothing was measured.</summary>
    public double Precision(int row, int column)
    {
        ModelArguments.RequireIndex(row, Observations.Times.Length, nameof(row));
        ModelArguments.RequireIndex(column, Observations.Components.Length, nameof(column));
        int k = row * Observations.Components.Length + column;
        if (!Observations.IsMeasuredAt(k)) return 0.0;
        return _entryPrecision is null ? MeasurementPrecision[column] : _entryPrecision[k];
    }

    /// <summary>
    /// Every entry measured and one precision per component: the measurement term runs over the table directly.
    /// Otherwise it runs over <see cref="Entries"/>, the measured entries alone.
    /// </summary>
    internal bool DenseMeasurements { get; }

    /// <summary>The measured entries with their positions and precisions (null when <see cref="DenseMeasurements"/>, or when the model has a measurement function).</summary>
    internal MeasurementEntries? Entries { get; }

    /// <summary>
    /// Whether the observations are outputs of the model's generated [Measurement] function h (their columns name
    /// outputs of h) rather than state components. Code that reads a column as a state component (starts that begin
    /// observed components on their data, a per-component scale) must ask this first.
    /// </summary>
    public bool ObservesMeasurementFunction => TModel.MeasurementCount > 0;

    /// <summary>
    /// A new instance of this problem's measurement term, with its own scratch: the model's [Measurement] function
    /// when it declares one, the observed state components otherwise.
    /// </summary>
    internal MeasurementTerm CreateMeasurementTerm() =>
        TModel.MeasurementCount > 0 ? new GeneratedMeasurement<TModel>(this) : new ComponentSelection<TModel>(this);

    /// <summary>R_m per entry (row-major, 0 where not measured) when given per entry; null otherwise.</summary>
    internal double[]? EntryPrecision => _entryPrecision;

    private readonly double[]? _entryPrecision;
    /// <summary>Lower bound of each state component (applied at every grid point and midpoint).</summary>
    public double[] StateLower { get; }
    /// <summary>Upper bound of each state component.</summary>
    public double[] StateUpper { get; }
    /// <summary>Lower bound of each of the P parameters (used for the estimated ones).</summary>
    public double[] ParameterLower { get; }
    /// <summary>Upper bound of each parameter.</summary>
    public double[] ParameterUpper { get; }
    /// <summary>For each of the P parameters, whether it is an unknown (true) or held at <see cref="ParameterValues"/>.</summary>
    public bool[] Estimated { get; }

    /// <summary>Values of the fixed parameters (entries of estimated parameters are ignored).</summary>
    public double[] ParameterValues { get; }

    /// <summary>Stimulus on the model grid, row-major (steps + 1) × U; midpoint values are linear interpolations.</summary>
    public double[] Stimulus { get; }

    /// <summary>Indices of the estimated parameters, in packed order.</summary>
    public int[] EstimatedParameters { get; }

    /// <summary>D, the model's number of state components.</summary>
    public int StateCount => TModel.StateCount;

    /// <summary>Number of midpoint states (Hermite–Simpson only).</summary>
    public int MidpointCount => Discretization == Discretization.HermiteSimpson ? Steps : 0;

    /// <summary>Offset of the first estimated parameter in the packed vector.</summary>
    public int ParameterOffset => (Steps + 1 + MidpointCount) * TModel.StateCount;

    /// <summary>
    /// M, the number of scalar measurements that carry weight: measured entries (missing ones are no measurement) with a
    /// positive precision (a zero one contributes nothing to the measurement term). The measurement term's χ² expectation is M/2;
    /// with a complete table and positive precisions M = rows × observed components.
    /// </summary>
    public int MeasurementCount { get; }

    /// <summary>Length of the packed vector of unknowns.</summary>
    public int VariableCount => ParameterOffset + EstimatedParameters.Length;

    /// <summary>Box bounds of the packed vector.</summary>
    public void PackedBounds(Span<double> lower, Span<double> upper)
    {
        int d = TModel.StateCount;
        for (int point = 0; point < Steps + 1 + MidpointCount; point++)
        {
            StateLower.CopyTo(lower.Slice(point * d, d));
            StateUpper.CopyTo(upper.Slice(point * d, d));
        }
        for (int k = 0; k < EstimatedParameters.Length; k++)
        {
            lower[ParameterOffset + k] = ParameterLower[EstimatedParameters[k]];
            upper[ParameterOffset + k] = ParameterUpper[EstimatedParameters[k]];
        }
    }

    /// <summary>
    /// Packs a trajectory on the grid ((Steps + 1) × D, row-major) and a full parameter vector into
    /// the packed layout. For Hermite–Simpson each midpoint is the value that zeroes its midpoint
    /// residual, x(n+½) = (x(n) + x(n+1))/2 + Δt/8 (F(n) − F(n+1)), so a true path packs consistently.
    /// </summary>
    public void Pack(ReadOnlySpan<double> states, ReadOnlySpan<double> parameters, Span<double> packed)
    {
        int d = TModel.StateCount, u = TModel.StimulusCount, grid = (Steps + 1) * d;
        if (states.Length != grid) throw new ArgumentException($"states must have (steps + 1) × {d} = {grid} entries, not {states.Length}.", nameof(states));
        ModelArguments.RequireExactLength(parameters.Length, TModel.ParameterCount, nameof(parameters));
        ModelArguments.RequireExactLength(packed.Length, VariableCount, nameof(packed));
        states.CopyTo(packed);
        if (MidpointCount > 0)
        {
            Span<double> f0 = stackalloc double[d], f1 = stackalloc double[d];
            for (int n = 0; n < Steps; n++)
            {
                TModel.VectorField(states.Slice(n * d, d), parameters, GridStimulus.AtGridPoint(Stimulus, u, n), f0);
                TModel.VectorField(states.Slice((n + 1) * d, d), parameters, GridStimulus.AtGridPoint(Stimulus, u, n + 1), f1);
                for (int a = 0; a < d; a++)
                    packed[grid + n * d + a] = HermiteSimpsonRule.ConsistentMidpoint(states[n * d + a], states[(n + 1) * d + a], f0[a], f1[a], Dt);
            }
        }
        for (int k = 0; k < EstimatedParameters.Length; k++) packed[ParameterOffset + k] = parameters[EstimatedParameters[k]];
    }

    /// <summary>
    /// A new packed path from a trajectory on the grid ((Steps + 1) × D, row-major) and a full parameter vector
    /// (see <see cref="Pack(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>): e.g. an initial path for
    /// <see cref="AnnealingOptions.InitialPaths"/> from a model run or a previous fit.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length; the message names it.</exception>
    public double[] Pack(ReadOnlySpan<double> states, ReadOnlySpan<double> parameters)
    {
        var packed = new double[VariableCount];
        Pack(states, parameters, packed);
        return packed;
    }

    /// <summary>The full parameter vector: fixed values with the estimated ones taken from a packed vector.</summary>
    public void FullParameters(ReadOnlySpan<double> packed, Span<double> parameters)
    {
        ParameterValues.CopyTo(parameters);
        for (int k = 0; k < EstimatedParameters.Length; k++) parameters[EstimatedParameters[k]] = packed[ParameterOffset + k];
    }

    private static void RequireLength<T>(T[] array, int length, string name)
    {
        ArgumentNullException.ThrowIfNull(array, name);
        ModelArguments.RequireExactLength(array.Length, length, name);
    }

    private static void CheckBounds(double[] lower, double[] upper, int count, string lowerName, string upperName)
    {
        RequireLength(lower, count, lowerName);
        RequireLength(upper, count, upperName);
        for (int k = 0; k < count; k++)
        {
            if (double.IsNaN(lower[k])) throw new ArgumentException($"{lowerName}[{k}] is NaN.", lowerName);
            if (double.IsNaN(upper[k])) throw new ArgumentException($"{upperName}[{k}] is NaN.", upperName);
            if (lower[k] > upper[k]) throw new ArgumentException($"bounds are inverted at index {k}: {lowerName}[{k}] = {lower[k]} > {upperName}[{k}] = {upper[k]}.", lowerName);
        }
    }

    private static T[] CreateFilled<T>(int n, T value)
    {
        var a = new T[n];
        Array.Fill(a, value);
        return a;
    }
}
