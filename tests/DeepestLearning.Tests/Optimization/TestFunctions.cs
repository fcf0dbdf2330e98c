using System;
using System.Linq;

namespace DeepestLearning.Tests.Optimization;

// Standard minimization problems with exact Hessians, shared by the L-BFGS-B (which uses only
// the gradient) and trust-region Newton tests.

/// <summary>Rosenbrock's chained function with its tridiagonal Hessian.</summary>
internal sealed class Rosenbrock : ISecondOrderObjective
{
    private readonly int _n;

    public Rosenbrock(int n)
    {
        _n = n;
        var start = new int[n + 1];
        var columns = new System.Collections.Generic.List<int>();
        for (int i = 0; i < n; i++)
        {
            if (i > 0) columns.Add(i - 1);
            columns.Add(i);
            start[i + 1] = columns.Count;
        }
        HessianPattern = new SparsityPattern(n, n, start, columns.ToArray());
    }

    public int Dimension => _n;
    public SparsityPattern HessianPattern { get; }
    public int BorderCount => 0;
    public int[] EliminationOrder() => Enumerable.Range(0, _n).ToArray();

    public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
    {
        double f = 0;
        g.Clear();
        for (int i = 0; i < _n - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    public void Hessian(ReadOnlySpan<double> x, Span<double> values)
    {
        values.Clear();
        for (int i = 0; i < _n - 1; i++)
        {
            // ∂²/∂x_i² of 100(x_{i+1} − x_i²)² + (1 − x_i)², its mixed term, and ∂²/∂x_{i+1}².
            values[Diagonal(i)] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            values[Diagonal(i + 1) - 1] += -400 * x[i];
            values[Diagonal(i + 1)] += 200;
        }
    }

    private int Diagonal(int i) => HessianPattern.RowStart[i + 1] - 1;
}

/// <summary>f = ½ Σ c_i (x_i − t_i)², a separable quadratic with a chosen minimizer t and a diagonal Hessian.</summary>
internal sealed class Quadratic(double[] c, double[] t) : ISecondOrderObjective
{
    public int Dimension => c.Length;
    public SparsityPattern HessianPattern { get; } = new(c.Length, c.Length, Enumerable.Range(0, c.Length + 1).ToArray(), Enumerable.Range(0, c.Length).ToArray());
    public int BorderCount => 0;
    public int[] EliminationOrder() => Enumerable.Range(0, c.Length).ToArray();

    public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
    {
        double f = 0;
        for (int i = 0; i < c.Length; i++)
        {
            double e = x[i] - t[i];
            f += 0.5 * c[i] * e * e;
            g[i] = c[i] * e;
        }
        return f;
    }

    public void Hessian(ReadOnlySpan<double> x, Span<double> values) => c.CopyTo(values);
}
