using System;
using System.Globalization;

namespace DeepestLearning;

/// <summary>
/// Builds a chain's mass matrix from the exact action Hessian at its start, and the trajectory length that goes with it.
/// </summary>
/// <remarks>
/// <para>The number of leapfrog steps is not a user setting: it is the trajectory length T divided by the adapted step
/// size. T comes from the Hessian's spread of scales. For a Gaussian target with precision H and mass M the flow
/// oscillates with the frequencies √λ of the eigenvalues λ of M⁻¹H; a quarter of the slowest period,
/// T = (π/2)/√λ_min, carries every direction across its distribution (for a Gaussian it maps the position exactly onto
/// the momentum: the next state is independent of the last), while the step size, held back by √λ_max, is what dual
/// averaging finds. With the Hessian mass λ = 1 in every direction and T = π/2; with the diagonal mass λ_min is that of
/// the Hessian scaled to unit diagonal, found by inverse iteration on its factor. Chosen over a no-U-turn criterion
/// because the exact Hessian gives these scales directly, so a trajectory needs neither the tree doubling nor the
/// storage of its states, and its length is fixed per chain, which keeps a leapfrog step a fixed, allocation-free loop.</para>
/// <para>A Hessian that is not positive definite at the start (a path that is not a minimum, or one that is too
/// ill-conditioned to factor) gets the smallest shift τ·I (τ = 10⁻¹⁰, 10⁻⁸, … of the unit diagonal) with which it factors.</para>
/// </remarks>
internal static class MassMatrixFactory
{
    /// <summary>What was built for one chain.</summary>
    internal sealed record Built(MassMatrix Mass, double TrajectoryLength, double Shift, double SmallestEigenvalue, string Explanation);

    private static readonly double[] Shifts = { 0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1, 100 };
    private const int InverseIterations = 40;

    /// <summary>
    /// The smallest pivot of the unit-diagonal Hessian a mass matrix may have: the threshold below which <see cref="PathMarginals"/>
    /// does not trust the weak-constraint Hessian either. Measured on Lorenz96 (D = 20, 12 observed, RK4, R_f/R_m ≈ 7·10⁴, smallest
    /// pivot 10⁻⁹): with the Hessian itself a Laplace draw N(X̂, H⁻¹) raised the action by 4·10⁶ instead of about n/2 = 1610, and
    /// every trajectory with ε ≥ 0.03 ran into the bounds; with the shift 10⁻⁸ that brings the pivot to the threshold, the rise
    /// was 1705 and ε = 0.1 kept the energy error below 4. A shift only changes the mass: the target is the same.
    /// </summary>
    internal const double MinimumScaledPivot = PathMarginalsOptions.DefaultMinimumScaledPivot;

    public static Built Create<TModel>(ActionHessian<TModel> hessian, ReadOnlySpan<double> x, MassMatrixKind kind, double minimumPivot = MinimumScaledPivot) where TModel : IDynamicalModel<TModel>
    {
        SparsityPattern pattern = hessian.Pattern;
        int n = pattern.RowCount;
        var values = new double[pattern.NonZeroCount];
        hessian.Evaluate(x, values);
        ReadOnlySpan<int> start = pattern.RowStart, column = pattern.ColumnIndex;
        var diagonal = new double[n];
        double largest = 0;
        for (int i = 0; i < n; i++)
        {
            double h = values[pattern.IndexOf(i, i)];
            diagonal[i] = double.IsFinite(h) ? Math.Abs(h) : 0;
            largest = Math.Max(largest, diagonal[i]);
        }
        if (!(largest > 0)) largest = 1;
        // A zero diagonal (a variable the action does not see) gets a small positive mass: it then moves freely but finitely.
        var scale = new double[n];
        for (int i = 0; i < n; i++)
        {
            diagonal[i] = Math.Max(diagonal[i], 1e-12 * largest);
            scale[i] = 1.0 / Math.Sqrt(diagonal[i]);
        }
        for (int i = 0; i < n; i++)
            for (int q = start[i]; q < start[i + 1]; q++)
                values[q] = double.IsFinite(values[q]) ? values[q] * scale[i] * scale[column[q]] : 0.0;

        // The curvature: H̃ + τ₀I with the smallest τ₀ that factors (0 at a minimum), and λ_min(H̃) from it.
        int[] order = hessian.EliminationOrder();
        var curvature = new ArrowheadLdlt(pattern, order, hessian.BorderCount);
        double baseShift = double.NaN;
        foreach (double tau in Shifts)
            if (curvature.Factor(values, tau))
            {
                baseShift = tau;
                break;
            }
        if (double.IsNaN(baseShift))
        {
            // Nothing factors: the diagonal alone, and a trajectory long enough for a spread of 10² in scale.
            return new Built(new DiagonalMass(diagonal), Math.PI / 2 * 10, double.NaN, double.NaN,
                "the Hessian at the start did not factor even with a shift of 100× its diagonal: diagonal mass |H_ii|, trajectory length 5π");
        }
        // λ_min(H̃); for an indefinite H̃ (τ₀ > 0) the shifted matrix's, the scale the mass will have there.
        double smallest = SmallestEigenvalue(curvature, n);
        double lambdaH = smallest;
        string curvatureNote = baseShift == 0 ? "positive definite" : Invariant($"indefinite (positive definite after a shift of {baseShift:G2})");

        if (kind == MassMatrixKind.Diagonal)
        {
            double lambda = Math.Min(lambdaH, 1.0);
            return new Built(new DiagonalMass(diagonal), Math.PI / 2 / Math.Sqrt(lambda), baseShift, lambda,
                Invariant($"diagonal mass diag(H) at the start (Hessian {curvatureNote}); smallest eigenvalue of M⁻¹H ≈ {lambda:G3}, trajectory length (π/2)/√λ_min = {Math.PI / 2 / Math.Sqrt(lambda):G4}"));
        }

        if (curvature.PivotMagnitudes().Smallest >= minimumPivot)
            return new Built(new HessianMass(curvature, scale), Math.PI / 2, baseShift, 1.0,
                $"Hessian mass: the exact Hessian at the start, {curvatureNote}; trajectory length π/2");

        // Too soft a direction: the mass is H̃ + τI with pivots above the threshold. Along H̃'s softest direction M⁻¹H is then
        // λ_H / (λ_H + τ − τ₀) < 1, and the trajectory is lengthened to a quarter period there.
        var mass = new ArrowheadLdlt(pattern, order, hessian.BorderCount);
        double shift = double.NaN;
        foreach (double tau in Shifts)
            if (tau > baseShift && mass.Factor(values, tau) && mass.PivotMagnitudes().Smallest >= minimumPivot)
            {
                shift = tau;
                break;
            }
        if (double.IsNaN(shift))
            return new Built(new HessianMass(curvature, scale), Math.PI / 2, baseShift, 1.0,
                $"Hessian mass: the exact Hessian at the start, {curvatureNote}, no shift lifted its pivots above {minimumPivot:G2}; trajectory length π/2");
        double ratio = lambdaH / (lambdaH + shift - baseShift);
        double length = Math.PI / 2 / Math.Sqrt(ratio);
        return new Built(new HessianMass(mass, scale), length, shift, ratio,
            Invariant($"Hessian mass: the exact Hessian at the start ({curvatureNote}, smallest eigenvalue {lambdaH:G3} scaled to unit diagonal) shifted by {shift:G2} to lift its pivots above {minimumPivot:G2}; smallest eigenvalue of M⁻¹H ≈ {ratio:G3}, trajectory length (π/2)/√λ_min = {length:G4}"));
    }

    /// <summary>λ_min of the factored unit-diagonal matrix by inverse iteration from a fixed start (deterministic): the Rayleigh quotient of the last iterate.</summary>
    private static double SmallestEigenvalue(ArrowheadLdlt factor, int n)
    {
        var v = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++) v[i] = 1.0 + 0.5 * Math.Sin(1.0 + i); // not orthogonal to any eigenvector in practice
        Normalize(v);
        double lambda = 1.0;
        for (int iteration = 0; iteration < InverseIterations; iteration++)
        {
            factor.Solve(v, w);
            double dot = 0;
            for (int i = 0; i < n; i++) dot += v[i] * w[i];
            lambda = 1.0 / dot; // vᵀM⁻¹v ≥ 1/λ_max … 1/λ_min; tends to 1/λ_min
            Array.Copy(w, v, n);
            Normalize(v);
        }
        return Math.Min(Math.Max(lambda, 1e-300), 1.0);
    }

    private static void Normalize(double[] v)
    {
        double sum = 0;
        foreach (double x in v) sum += x * x;
        double inverse = 1.0 / Math.Sqrt(sum);
        for (int i = 0; i < v.Length; i++) v[i] *= inverse;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
