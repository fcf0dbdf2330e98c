using System;
using System.Collections.Generic;
using DeepestLearning.Tests.Models;
using MathNet.Numerics.LinearAlgebra;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Hamiltonian;

/// <summary>The two-point boundary-value solver against closed-form solutions of a linear system.</summary>
public class BoundaryValueTests(ITestOutputHelper output)
{
    private const double Gamma = 0.2, Rf = 2.0, Horizon = 2.0;
    private static readonly BoundaryData Start = new(new[] { 0, 1 }, new[] { 1.0, -0.5 }, 10.0);
    private static readonly BoundaryData End = new(new[] { 0 }, new[] { 0.3 }, 25.0);

    /// <summary>H = [[A, I/R_f], [0, −Aᵀ]]: the linear Hamiltonian vector field of the damped oscillator.</summary>
    private static Matrix<double> HamiltonianMatrix()
    {
        var h = Matrix<double>.Build.Dense(4, 4);
        h[0, 1] = 1; h[1, 0] = -1; h[1, 1] = -Gamma;
        h[0, 2] = 1 / Rf; h[1, 3] = 1 / Rf;
        h[2, 3] = 1; h[3, 2] = -1; h[3, 3] = Gamma; // −Aᵀ
        return h;
    }

    private static Matrix<double> Exponential(Matrix<double> m)
    {
        // Scaling and squaring with a Taylor series: exact to round-off for this small, well-scaled matrix.
        const int squarings = 12;
        Matrix<double> scaled = m / Math.Pow(2, squarings);
        Matrix<double> sum = Matrix<double>.Build.DenseIdentity(4), term = Matrix<double>.Build.DenseIdentity(4);
        for (int k = 1; k <= 20; k++)
        {
            term = term * scaled / k;
            sum += term;
        }
        for (int s = 0; s < squarings; s++) sum *= sum;
        return sum;
    }

    /// <summary>z(0) from the boundary conditions with z(T) = E z(0) + offset (offset from interior jumps, else zero).</summary>
    private static Vector<double> SolveBoundaryConditions(Matrix<double> e, Vector<double>? offset = null)
    {
        offset ??= Vector<double>.Build.Dense(4);
        var system = Matrix<double>.Build.Dense(4, 4);
        var rhs = Vector<double>.Build.Dense(4);
        // p(0) − R_m0 (x(0) − y0) = 0 on both components.
        for (int a = 0; a < 2; a++)
        {
            system[a, 2 + a] = 1;
            system[a, a] = -Start.Precision;
            rhs[a] = -Start.Precision * Start.Values[a];
        }
        // p(T) + R_mT P (x(T) − yT) = 0 with x(T), p(T) from E z0 + offset; only x_0 is measured at T.
        for (int a = 0; a < 2; a++)
        {
            for (int j = 0; j < 4; j++) system[2 + a, j] = e[2 + a, j] + (a == 0 ? End.Precision * e[0, j] : 0);
            rhs[2 + a] = -offset[2 + a] - (a == 0 ? End.Precision * (offset[0] - End.Values[0]) : 0);
        }
        return system.Solve(rhs);
    }

    private (double[] Z0, double[] ZT, IReadOnlyList<double> History) SolveNumerically(int segments, int steps)
    {
        var hamiltonian = new AssimilationHamiltonian<DampedOscillator>(Rf, new[] { Gamma });
        var solver = new BoundaryValueSolver<DampedOscillator>(hamiltonian, Horizon, segments, steps);
        IReadOnlyList<double> history = solver.Solve(new double[4 * segments], Start, End);
        output.WriteLine($"{segments} segments × {steps} steps: residuals {string.Join(", ", System.Linq.Enumerable.Select(history, r => r.ToString("E1")))}");
        return (solver.Node(0).ToArray(), solver.Node(segments).ToArray(), history);
    }

    /// <summary>
    /// With a coarse step the solver must hit the exact solution of the discrete problem: z(T) = Cᴺ z(0),
    /// C = (I − hH/2)⁻¹(I + hH/2) the midpoint map of the linear system (1e-12).
    /// </summary>
    [Fact]
    public void Solves_the_discrete_linear_problem_exactly()
    {
        const int segments = 4, steps = 10;
        (double[] z0, double[] zT, IReadOnlyList<double> history) = SolveNumerically(segments, steps);
        Assert.True(history[^1] <= 1e-11, $"Newton did not converge: {history[^1]:E2}");
        Assert.True(history.Count <= 3, "a linear problem should take one Newton step");

        double h = Horizon / (segments * steps);
        Matrix<double> hm = HamiltonianMatrix(), identity = Matrix<double>.Build.DenseIdentity(4);
        Matrix<double> cayley = (identity - 0.5 * h * hm).Inverse() * (identity + 0.5 * h * hm);
        Matrix<double> e = cayley.Power(segments * steps);
        Vector<double> exact0 = SolveBoundaryConditions(e), exactT = e * exact0;
        for (int i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(z0[i] - exact0[i]) <= 1e-12 * (1 + Math.Abs(exact0[i])), $"z(0)[{i}] = {z0[i]:R} vs {exact0[i]:R}");
            Assert.True(Math.Abs(zT[i] - exactT[i]) <= 1e-12 * (1 + Math.Abs(exactT[i])), $"z(T)[{i}] = {zT[i]:R} vs {exactT[i]:R}");
        }
    }

    /// <summary>With a fine step the solution reproduces the continuous closed form z(T) = exp(HT) z(0) to 1e-10.</summary>
    [Fact]
    public void Reproduces_the_analytic_solution_of_a_linear_system()
    {
        (double[] z0, double[] zT, IReadOnlyList<double> history) = SolveNumerically(segments: 4, steps: 40_000);
        Assert.True(history[^1] <= 1e-11);
        Matrix<double> e = Exponential(HamiltonianMatrix() * Horizon);
        Vector<double> exact0 = SolveBoundaryConditions(e), exactT = e * exact0;
        double worst = 0;
        for (int i = 0; i < 4; i++) worst = Math.Max(worst, Math.Max(Math.Abs(z0[i] - exact0[i]), Math.Abs(zT[i] - exactT[i])));
        output.WriteLine($"max |z − z_exact| at both ends = {worst:E2}; z(0) = ({string.Join(", ", z0)}), p(T) = ({zT[2]}, {zT[3]})");
        Assert.True(worst <= 1e-10, $"max error {worst:E3}");
        // The natural boundary conditions hold.
        Assert.True(Math.Abs(zT[3]) <= 1e-10, "p_1(T) must vanish (x_1 is not measured at T)");
    }

    /// <summary>
    /// An interior measurement at τ = T/2 makes p jump by R_m(x − y) there; the solver reproduces the
    /// closed form of the discrete problem, z(T) = E[J(E z(0))] with E = Cᴺ the midpoint map over half
    /// the interval and J the jump, to 1e-12.
    /// </summary>
    [Fact]
    public void Interior_data_make_the_momentum_jump_as_the_closed_form_says()
    {
        var middle = new BoundaryData(new[] { 1 }, new[] { 0.8 }, 40.0);
        var hamiltonian = new AssimilationHamiltonian<DampedOscillator>(Rf, new[] { Gamma });
        const int steps = 20;
        var solver = new BoundaryValueSolver<DampedOscillator>(hamiltonian, Horizon, 2, steps);
        IReadOnlyList<double> history = solver.Solve(new double[8], Start, End, new BoundaryData?[] { middle });
        Assert.True(history[^1] <= 1e-11, $"residual {history[^1]:E2}");

        double h = Horizon / (2 * steps);
        Matrix<double> hm = HamiltonianMatrix(), identity = Matrix<double>.Build.DenseIdentity(4);
        Matrix<double> half = ((identity - 0.5 * h * hm).Inverse() * (identity + 0.5 * h * hm)).Power(steps);
        // z(T) = half·(half·z0 + jump), jump = R_m·e_p1·(x1(T/2) − y): linear in z0 with an offset.
        Matrix<double> jumpMatrix = Matrix<double>.Build.Dense(4, 4);
        jumpMatrix[3, 1] = middle.Precision;
        Matrix<double> e = half * (Matrix<double>.Build.DenseIdentity(4) + jumpMatrix) * half;
        Vector<double> offset = half * Vector<double>.Build.DenseOfArray(new[] { 0, 0, 0, -middle.Precision * middle.Values[0] });
        Vector<double> exact0 = SolveBoundaryConditions(e, offset);
        double worst = 0;
        for (int i = 0; i < 4; i++) worst = Math.Max(worst, Math.Abs(solver.Node(0)[i] - exact0[i]) / (1 + Math.Abs(exact0[i])));
        output.WriteLine($"interior datum: max |z(0) − exact| = {worst:E2}");
        Assert.True(worst <= 1e-12, $"max error {worst:E3}");
    }
}
