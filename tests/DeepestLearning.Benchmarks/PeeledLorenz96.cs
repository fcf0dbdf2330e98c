using System;
using System.Runtime.CompilerServices;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// The baseline a numerics programmer writes after the first version: the same trapezoid and Hermite–Simpson
/// actions of Lorenz96 as <see cref="HandWrittenLorenz96"/>, but with the cyclic edges (i = 0, 1, D − 1) peeled
/// so that no inner loop computes an index modulo D, each state read through a slice of one time point, the
/// measurement and model residuals each in one pass, and the boundary time points outside the loops instead
/// of branches inside them. Same packing and formulas, so it must agree with the generated code to round-off.
/// </summary>
public sealed class PeeledLorenz96
{
    private readonly int _d, _n;
    private readonly double _dt, _rf, _rm;
    private readonly double[] _data; // every component observed at every step, for the benchmark
    private readonly double[] _f, _fMid, _rho, _rho2, _w;

    public PeeledLorenz96(int d, int n, double dt, double rf, double rm, double[] data)
    {
        if (d < 4) throw new ArgumentOutOfRangeException(nameof(d), d, "the peeled loops need D ≥ 4.");
        _d = d; _n = n; _dt = dt; _rf = rf; _rm = rm; _data = data;
        _f = new double[(n + 1) * d];
        _fMid = new double[n * d];
        _rho = new double[n * d];
        _rho2 = new double[n * d];
        _w = new double[d];
    }

    /// <summary>f = F(x) for one time point: dx_i/dt = (x_{i+1} − x_{i−2}) x_{i−1} − x_i + forcing, cyclic.</summary>
    private static void Flow(ReadOnlySpan<double> x, double forcing, Span<double> f)
    {
        int d = x.Length;
        f[0] = (x[1] - x[d - 2]) * x[d - 1] - x[0] + forcing;
        f[1] = (x[2] - x[d - 1]) * x[0] - x[1] + forcing;
        for (int i = 2; i < d - 1; i++) f[i] = (x[i + 1] - x[i - 2]) * x[i - 1] - x[i] + forcing;
        f[d - 1] = (x[0] - x[d - 3]) * x[d - 2] - x[d - 1] + forcing;
    }

    /// <summary>g += wᵀ ∂F/∂x for one time point; returns wᵀ ∂F/∂forcing = Σ w.</summary>
    private static double AddTransposeProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> g)
    {
        int d = x.Length;
        double sum = Row(x, w, g, 0, 1, d - 1, d - 2) + Row(x, w, g, 1, 2, 0, d - 1);
        for (int i = 2; i < d - 1; i++) sum += Row(x, w, g, i, i + 1, i - 1, i - 2);
        return sum + Row(x, w, g, d - 1, 0, d - 2, d - 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Row(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> g, int i, int next, int previous, int second)
    {
        double wi = w[i], xp = x[previous];
        g[next] += wi * xp;
        g[second] -= wi * xp;
        g[previous] += wi * (x[next] - x[second]);
        g[i] -= wi;
        return wi;
    }

    /// <summary>Σ R_m/2 (x − y)²; with a gradient, g = R_m (x − y) on the states (written, not added: it starts the gradient).</summary>
    private double MeasurementTerm(ReadOnlySpan<double> x, Span<double> g, bool gradient)
    {
        ReadOnlySpan<double> y = _data.AsSpan(0, x.Length);
        double sum = 0, rm = _rm;
        if (gradient)
            for (int k = 0; k < x.Length; k++)
            {
                double e = x[k] - y[k];
                sum += e * e;
                g[k] = rm * e;
            }
        else
            for (int k = 0; k < x.Length; k++)
            {
                double e = x[k] - y[k];
                sum += e * e;
            }
        return 0.5 * rm * sum;
    }

    /// <summary>Trapezoid: packed [x(0..N)][forcing]; r(n) = x(n+1) − x(n) − Δt/2 (F(n) + F(n+1)).</summary>
    public double Evaluate(ReadOnlySpan<double> z, Span<double> g, bool gradient)
    {
        int d = _d, n = _n, states = (n + 1) * d;
        double forcing = z[states], half = 0.5 * _dt, rf = _rf;
        ReadOnlySpan<double> x = z[..states];
        double a = MeasurementTerm(x, g, gradient);
        for (int t = 0; t <= n; t++) Flow(x.Slice(t * d, d), forcing, _f.AsSpan(t * d, d));
        Span<double> rho = _rho;
        ReadOnlySpan<double> f = _f;
        double model = 0;
        for (int k = 0; k < n * d; k++)
        {
            double r = x[k + d] - x[k] - half * (f[k] + f[k + d]);
            model += r * r;
            rho[k] = rf * r;
        }
        a += 0.5 * rf * model;
        if (!gradient) return a;

        // ∂/∂x(t) of Σ ρ r: +ρ(t−1) − ρ(t) directly, and wᵀ∂F/∂x(t) with w = −Δt/2 (ρ(t) + ρ(t−1)).
        Span<double> w = _w;
        double gF = 0;
        for (int t = 0; t <= n; t++)
        {
            Span<double> gt = g.Slice(t * d, d);
            if (t == 0 || t == n)
            {
                ReadOnlySpan<double> edge = rho.Slice(t == 0 ? 0 : (n - 1) * d, d);
                double sign = t == 0 ? -1.0 : 1.0;
                for (int i = 0; i < d; i++)
                {
                    gt[i] += sign * edge[i];
                    w[i] = -half * edge[i];
                }
            }
            else
            {
                ReadOnlySpan<double> before = rho.Slice((t - 1) * d, d), after = rho.Slice(t * d, d);
                for (int i = 0; i < d; i++)
                {
                    gt[i] += before[i] - after[i];
                    w[i] = -half * (before[i] + after[i]);
                }
            }
            gF += AddTransposeProduct(x.Slice(t * d, d), w, gt);
        }
        g[states] = gF;
        return a;
    }

    /// <summary>
    /// Hermite–Simpson: packed [x(0..N)][x(½)…x(N−½)][forcing]; r1 = x(n+1) − x(n) − Δt/6 (F(n) + 4F(n+½) + F(n+1)),
    /// r2 = x(n+½) − (x(n) + x(n+1))/2 − Δt/8 (F(n) − F(n+1)).
    /// </summary>
    public double EvaluateHermiteSimpson(ReadOnlySpan<double> z, Span<double> g, bool gradient)
    {
        int d = _d, n = _n, states = (n + 1) * d, mid = states;
        double forcing = z[(2 * n + 1) * d], dt = _dt, rf = _rf, sixth = dt / 6, eighth = dt / 8;
        ReadOnlySpan<double> x = z[..states], xm = z.Slice(mid, n * d);
        double a = MeasurementTerm(x, g, gradient);
        for (int t = 0; t <= n; t++) Flow(x.Slice(t * d, d), forcing, _f.AsSpan(t * d, d));
        for (int t = 0; t < n; t++) Flow(xm.Slice(t * d, d), forcing, _fMid.AsSpan(t * d, d));
        ReadOnlySpan<double> f = _f, fm = _fMid;
        Span<double> rho = _rho, rho2 = _rho2;
        double model = 0;
        for (int k = 0; k < n * d; k++)
        {
            double r1 = x[k + d] - x[k] - sixth * (f[k] + 4 * fm[k] + f[k + d]);
            double r2 = xm[k] - 0.5 * (x[k] + x[k + d]) - eighth * (f[k] - f[k + d]);
            model += r1 * r1 + r2 * r2;
            rho[k] = rf * r1;
            rho2[k] = rf * r2;
        }
        a += 0.5 * rf * model;
        if (!gradient) return a;

        Span<double> gm = g.Slice(mid, n * d), w = _w;
        double gF = 0;
        // Node x(t): +ρ1(t−1) − ½ρ2(t−1) from the step before, −ρ1(t) − ½ρ2(t) from the step after;
        // w = −Δt/6 ρ1(t) − Δt/8 ρ2(t) − Δt/6 ρ1(t−1) + Δt/8 ρ2(t−1).
        for (int t = 0; t <= n; t++)
        {
            Span<double> gt = g.Slice(t * d, d);
            w.Clear();
            if (t < n)
            {
                ReadOnlySpan<double> r1 = rho.Slice(t * d, d), r2 = rho2.Slice(t * d, d);
                for (int i = 0; i < d; i++)
                {
                    gt[i] -= r1[i] + 0.5 * r2[i];
                    w[i] = -sixth * r1[i] - eighth * r2[i];
                }
            }
            if (t > 0)
            {
                ReadOnlySpan<double> r1 = rho.Slice((t - 1) * d, d), r2 = rho2.Slice((t - 1) * d, d);
                for (int i = 0; i < d; i++)
                {
                    gt[i] += r1[i] - 0.5 * r2[i];
                    w[i] += -sixth * r1[i] + eighth * r2[i];
                }
            }
            gF += AddTransposeProduct(x.Slice(t * d, d), w, gt);
        }
        // Midpoint x(t+½): +ρ2(t) directly, w = −4Δt/6 ρ1(t).
        for (int t = 0; t < n; t++)
        {
            Span<double> gt = gm.Slice(t * d, d);
            ReadOnlySpan<double> r1 = rho.Slice(t * d, d), r2 = rho2.Slice(t * d, d);
            for (int i = 0; i < d; i++)
            {
                gt[i] = r2[i];
                w[i] = -4 * sixth * r1[i];
            }
            gF += AddTransposeProduct(xm.Slice(t * d, d), w, gt);
        }
        g[(2 * n + 1) * d] = gF;
        return a;
    }
}
