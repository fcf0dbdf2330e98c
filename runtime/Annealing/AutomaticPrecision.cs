using System;

namespace DeepestLearning;

/// <summary>
/// R_f0 per state component and β_max from the problem itself, for users who do not know what to choose.
/// <para>
/// <b>Observed components</b> start loose: R_f0,a = <see cref="ObservedFraction"/> · R_m,a, so at β = 0 a
/// model error of 10 noise standard deviations per step costs what a one-σ misfit to the data
/// does — the path follows the data and the model only nudges it.
/// </para>
/// <para>
/// <b>Unobserved components</b> are set relative to the observed ones by how well the start path
/// already satisfies their model equations: with T_a = ½ Σ_n r_a(n)² the component's model term at
/// unit precision on the first start path,
/// R_f0,a = R̄ · T̄_obs / T_a, where R̄ and T̄_obs are the observed components' geometric-mean R_f0
/// and mean T. A start synchronized to the data satisfies its unobserved equations almost exactly,
/// so they start tight: they stay what the model makes of the data instead of becoming free
/// functions that fit the noise (the neuron's gates). When the data do not determine them (the
/// synchronization test of <see cref="StartPaths.Synchronizes{TModel}"/> fails, as for a chaotic
/// Lorenz96 with few observed components) they start as loose as the observed ones, R̄, and
/// annealing finds them from diverse starts, as in the field's classic method. Precisions more
/// than <see cref="DynamicRange"/> from R̄ are pulled back to it: beyond that the Hessian's scaling,
/// which α^β multiplies further, costs the factorization its accuracy.
/// </para>
/// <para>
/// <b>β_max</b> is where the loosest observed component's allowed model error per step,
/// 1/√R_f, has fallen to <see cref="ModelErrorTolerance"/> of its noise standard deviation.
/// </para>
/// </summary>
public static class AutomaticPrecision
{
    /// <summary>R_f0 of an observed component as a fraction of its measurement precision R_m.</summary>
    public const double ObservedFraction = 1e-2;

    /// <summary>Largest ratio between an unobserved component's automatic R_f0 and the observed components' R̄.</summary>
    public const double DynamicRange = 1e6;

    /// <summary>Model error per step, in units of the noise standard deviation, that the last level enforces.</summary>
    public const double ModelErrorTolerance = 1e-4;

    /// <summary>
    /// R_f0 per component for <paramref name="problem"/>, the unobserved ones measured on
    /// <paramref name="startPath"/> (a packed path with parameters) when <paramref name="unobservedFollowData"/>
    /// (the synchronization test passed: they are functions of the data); otherwise they start as loose as the observed ones.
    /// </summary>
    public static double[] ModelPrecision<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> startPath, bool unobservedFollowData = true) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        ModelArguments.RequireLength(startPath.Length, problem.VariableCount, nameof(startPath));
        int d = TModel.StateCount;
        int[] observed = problem.Observations.Components;
        var rf0 = new double[d];
        var isObserved = new bool[d];
        double logMean = 0, observedTerm = 0;
        int counted = 0;
        double[] terms = ModelTermPerComponent(problem, startPath);
        if (problem.ObservesMeasurementFunction)
        {
            // The columns are outputs of h, not states: every component is unobserved, and the outputs' precisions only set the scale.
            for (int c = 0; c < observed.Length; c++)
            {
                double rm = problem.MeasurementPrecision[c];
                if (!(rm > 0) || problem.Observations.MeasuredInColumn(c) == 0) continue;
                logMean += Math.Log(ObservedFraction * rm);
                counted++;
            }
            Array.Fill(rf0, counted > 0 ? Math.Exp(logMean / counted) : ObservedFraction);
            return rf0;
        }
        for (int c = 0; c < observed.Length; c++)
        {
            if (problem.Observations.MeasuredInColumn(c) == 0) continue; // a column without a single measurement leaves its component unobserved
            int a = observed[c];
            isObserved[a] = true;
            double rm = problem.MeasurementPrecision[c];
            if (!(rm > 0)) continue; // an unweighted column says nothing about scale
            rf0[a] = ObservedFraction * rm;
            logMean += Math.Log(rf0[a]);
            if (double.IsFinite(terms[a])) observedTerm += terms[a];
            counted++;
        }
        double reference = counted > 0 ? Math.Exp(logMean / counted) : ObservedFraction;
        observedTerm = counted > 0 ? observedTerm / counted : 0;
        for (int a = 0; a < d; a++)
        {
            if (isObserved[a] && rf0[a] > 0) continue;
            double ratio = !unobservedFollowData ? 1.0
                : terms[a] > 0 && double.IsFinite(terms[a]) && observedTerm > 0 ? observedTerm / terms[a] : DynamicRange;
            rf0[a] = reference * Math.Clamp(ratio, 1 / DynamicRange, DynamicRange);
        }
        return rf0;
    }

    /// <summary>
    /// β_max at which R_f = R_f0·α^β of the loosest observed component allows a model error per step of
    /// <see cref="ModelErrorTolerance"/> noise standard deviations: R_f ≥ R_m / tolerance².
    /// </summary>
    public static int BetaMax<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> rf0, double alpha) where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!(alpha > 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be greater than 1.");
        double needed = 0;
        int[] observed = problem.Observations.Components;
        for (int c = 0; c < observed.Length; c++)
        {
            double rm = problem.MeasurementPrecision[c];
            // Through a [Measurement] function no column is a component: the loosest component stands for it.
            double loosest = problem.ObservesMeasurementFunction ? Loosest(rf0) : rf0[observed[c]];
            if (rm > 0 && problem.Observations.MeasuredInColumn(c) > 0) needed = Math.Max(needed, Math.Log(rm / (ModelErrorTolerance * ModelErrorTolerance) / loosest) / Math.Log(alpha));
        }
        return (int)Math.Clamp(Math.Ceiling(needed), 0, 1000);
    }

    private static double Loosest(ReadOnlySpan<double> rf0)
    {
        double loosest = double.PositiveInfinity;
        foreach (double r in rf0) if (r > 0) loosest = Math.Min(loosest, r);
        return double.IsFinite(loosest) ? loosest : ObservedFraction;
    }

    /// <summary>T_a = ½ Σ r_a² for every component: the model term of each component at unit precision.</summary>
    internal static double[] ModelTermPerComponent<TModel>(AssimilationProblem<TModel> problem, ReadOnlySpan<double> packed) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount;
        var action = new ActionFunction<TModel>(problem);
        var terms = new double[d];
        var unit = new double[d];
        // One evaluation per component with R_f = e_a: exact for every discretization, and cheap next to annealing.
        for (int a = 0; a < d; a++)
        {
            Array.Clear(unit);
            unit[a] = 1.0;
            action.SetModelPrecision(unit);
            action.Value(packed);
            terms[a] = action.LastModelTerm;
        }
        return terms;
    }
}
