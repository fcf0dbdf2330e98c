using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>
/// The exact Hessian of the action over the packed variables, for every discretization: its
/// lower-triangle CSR pattern (computed once, structurally exact) and its values.
/// </summary>
/// <remarks>
/// <para>With residuals r(n) and ρ = R_f∘r, the model term ½Σ R_f r² has the Hessian
/// Σ R_f,a ∇r_a ∇r_aᵀ (Gauss–Newton part) + Σ ρ_a ∇²r_a (second-order part); the measurement
/// term adds R_m on the diagonal of observed components, or, for a [Measurement] function h, the same two
/// parts of ½ Σ R_m (h − y)² over each measured point's (x(n), p) (<see cref="MeasurementTerm"/>). This class
/// owns the pattern and delegates the measurement term and the model term to the part for the problem's discretization:
/// <see cref="CollocationHessian{TModel}"/> for Euler, trapezoid and Hermite–Simpson,
/// <see cref="RungeKutta4Hessian{TModel}"/> for RK4.</para>
/// <para>Every Gauss–Newton row is a short sparse vector; its outer product is scattered into
/// the CSR values through positions computed once (<see cref="GaussNewtonRows"/>), so assembly
/// costs Σ (row length)² per step. The pattern always holds the diagonal (a trust-region shift
/// needs it); off the diagonal it holds exactly the structurally non-zero entries.</para>
/// </remarks>
public sealed class ActionHessian<TModel> where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationProblem<TModel> _problem;
    private readonly ModelTermHessian _modelTerm;
    private readonly MeasurementTerm _measurement;
    private readonly double[] _rf, _parameters;

    /// <summary>Builds the Hessian's structurally exact pattern and the scatter positions of every contribution, once; evaluations then allocate nothing. R_f starts at 1 per component.</summary>
    /// <param name="problem">The problem whose action this is the Hessian of.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    /// <exception cref="ArgumentException">The Hessian of <paramref name="problem"/> would need an array longer than any array can be (a dense model over many steps); the message says which part.</exception>
    public ActionHessian(AssimilationProblem<TModel> problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _problem = problem;
        int d = TModel.StateCount;
        _rf = new double[d];
        Array.Fill(_rf, 1.0);
        _parameters = new double[TModel.ParameterCount];
        _modelTerm = problem.Discretization == Discretization.RungeKutta4
            ? new RungeKutta4Hessian<TModel>(problem)
            : new CollocationHessian<TModel>(problem);

        _measurement = problem.CreateMeasurementTerm();

        // The pattern: the diagonal, then whatever the measurement term and the model term declare.
        int variables = problem.VariableCount;
        var entries = new HashSet<int>[variables];
        for (int i = 0; i < variables; i++) entries[i] = new HashSet<int> { i };
        Action<int, int> add = (i, j) =>
        {
            if (i < j) (i, j) = (j, i);
            entries[i].Add(j);
        };
        _measurement.AddStructure(add);
        _modelTerm.AddStructure(add);
        long nonZeros = 0;
        for (int i = 0; i < variables; i++) nonZeros += entries[i].Count;
        ModelArguments.RequireArrayLength(nonZeros, "problem", "the Hessian's pattern");
        var rowStart = new int[variables + 1];
        for (int i = 0; i < variables; i++) rowStart[i + 1] = rowStart[i] + entries[i].Count;
        var columnIndex = new int[rowStart[variables]];
        for (int i = 0; i < variables; i++)
        {
            int at = rowStart[i];
            foreach (int j in entries[i]) columnIndex[at++] = j;
            Array.Sort(columnIndex, rowStart[i], entries[i].Count);
        }
        Pattern = new SparsityPattern(variables, variables, rowStart, columnIndex);

        _measurement.LocatePositions(Pattern);
        _modelTerm.LocatePositions(Pattern);
    }

    /// <summary>Lower-triangle CSR pattern of the Hessian over the packed variables.</summary>
    public SparsityPattern Pattern { get; }

    /// <summary>The problem this Hessian was built for.</summary>
    public AssimilationProblem<TModel> Problem => _problem;

    /// <summary>
    /// The elimination order that makes the Hessian an arrowhead for <see cref="ArrowheadLdlt"/>:
    /// time points in order (each grid point followed by the following midpoint for
    /// Hermite–Simpson), then the estimated parameters as the border (<see cref="BorderCount"/>).
    /// </summary>
    public int[] EliminationOrder()
    {
        int d = TModel.StateCount, n = _problem.Steps;
        var order = new int[_problem.VariableCount];
        int q = 0;
        for (int step = 0; step <= n; step++)
        {
            for (int a = 0; a < d; a++) order[q++] = step * d + a;
            if (_problem.MidpointCount > 0 && step < n)
                for (int a = 0; a < d; a++) order[q++] = (n + 1 + step) * d + a;
        }
        for (int k = 0; k < BorderCount; k++) order[q++] = _problem.ParameterOffset + k;
        return order;
    }

    /// <summary>Number of border (parameter) rows in <see cref="EliminationOrder"/>.</summary>
    public int BorderCount => _problem.EstimatedParameters.Length;

    /// <summary>
    /// Multiply-adds of one arrowhead factorization (or selected inversion) of this Hessian, estimated from the
    /// problem's shape before anything is built: in time-major order every band row reaches back at most one
    /// time point (two with a Hermite–Simpson midpoint between) and also meets the k parameter columns, so a
    /// row costs at most (width + k)². The one estimate behind the automatic minimizer and the Laplace marginals' work limit.
    /// </summary>
    internal static double FactorizationWork(AssimilationProblem<TModel> problem)
    {
        int d = TModel.StateCount;
        double rows = (double)(problem.Steps + 1 + problem.MidpointCount) * d;
        double width = (problem.MidpointCount > 0 ? 3.0 : 2.0) * d + problem.EstimatedParameters.Length;
        return rows * width * width;
    }

    /// <summary>Sets the model precisions R_f per state component (annealing changes them between levels).</summary>
    /// <param name="rf">D model precisions, each finite and non-negative.</param>
    /// <exception cref="ArgumentException"><paramref name="rf"/> has the wrong length or a value that is negative or not finite.</exception>
    public void SetModelPrecision(ReadOnlySpan<double> rf)
    {
        ModelPrecisionArgument.CheckAndCopy(rf, _rf);
    }

    /// <summary>Writes the Hessian values at <paramref name="packed"/> in <see cref="Pattern"/> order.</summary>
    /// <param name="packed">The packed unknowns.</param>
    /// <param name="values">Receives <see cref="SparsityPattern.NonZeroCount"/> values.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Evaluate(ReadOnlySpan<double> packed, Span<double> values)
    {
        ModelArguments.RequireExactLength(packed.Length, Pattern.RowCount, nameof(packed));
        ModelArguments.RequireExactLength(values.Length, Pattern.NonZeroCount, nameof(values));
        values.Clear();
        _problem.FullParameters(packed, _parameters);

        _measurement.AccumulateHessian(packed, _parameters, values);
        _modelTerm.Accumulate(packed, _parameters, _rf, values);
    }
}
