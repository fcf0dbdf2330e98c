using System;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// The baseline: the trapezoid and Hermite–Simpson actions of Lorenz96 and their gradients
/// written directly, with loops over i and the four Jacobian entries of each row. No generated code.
/// </summary>
public sealed class HandWrittenLorenz96
{
    private readonly int _d, _n;
    private readonly double _dt, _rf, _rm;
    private readonly double[] _data; // every component observed at every step, for the benchmark
    private readonly double[] _f, _rho, _fMid, _rho2, _w;

    public HandWrittenLorenz96(int d, int n, double dt, double rf, double rm, double[] data)
    {
        _d = d; _n = n; _dt = dt; _rf = rf; _rm = rm; _data = data;
        _f = new double[(n + 1) * d];
        _rho = new double[n * d];
        _fMid = new double[n * d];
        _rho2 = new double[n * d];
        _w = new double[d];
    }

    /// <summary>Σ R_m/2 (x − y)² over the grid (every component observed); with a gradient, clears g and adds R_m (x − y).</summary>
    private double MeasurementTerm(ReadOnlySpan<double> z, Span<double> g, bool gradient)
    {
        if (gradient) g.Clear();
        double a = 0;
        for (int k = 0; k < (_n + 1) * _d; k++)
        {
            double e = z[k] - _data[k];
            a += 0.5 * _rm * e * e;
            if (gradient) g[k] += _rm * e;
        }
        return a;
    }

    /// <summary>F of Lorenz96 at the state starting at z[offset] into f.</summary>
    private void Flow(ReadOnlySpan<double> z, int offset, double forcing, Span<double> f)
    {
        int d = _d;
        for (int i = 0; i < d; i++)
            f[i] = (z[offset + (i + 1) % d] - z[offset + (i + d - 2) % d]) * z[offset + (i + d - 1) % d] - z[offset + i] + forcing;
    }

    /// <summary>Adds wᵀ ∂F/∂x at the state z[offset…] into g[offset…]; returns wᵀ ∂F/∂F_param = Σ w.</summary>
    private double AddTransposeProduct(ReadOnlySpan<double> z, int offset, ReadOnlySpan<double> w, Span<double> g)
    {
        int d = _d;
        double sum = 0;
        for (int i = 0; i < d; i++)
        {
            int ip1 = offset + (i + 1) % d, im1 = offset + (i + d - 1) % d, im2 = offset + (i + d - 2) % d;
            double wi = w[i], xm1 = z[im1];
            g[ip1] += wi * xm1;
            g[im2] -= wi * xm1;
            g[im1] += wi * (z[ip1] - z[im2]);
            g[offset + i] -= wi;
            sum += wi;
        }
        return sum;
    }

    /// <summary>
    /// Hermite–Simpson: packed [x(0..N)][x(½)…x(N−½)][F]; residuals
    /// r1 = x(n+1) − x(n) − Δt/6 (F(n) + 4F(n+½) + F(n+1)) and r2 = x(n+½) − (x(n)+x(n+1))/2 − Δt/8 (F(n) − F(n+1)).
    /// </summary>
    public double EvaluateHermiteSimpson(ReadOnlySpan<double> z, Span<double> g, bool gradient)
    {
        int d = _d, n = _n, mid = (n + 1) * d;
        double forcing = z[(2 * n + 1) * d], dt = _dt;
        double a = MeasurementTerm(z, g, gradient);
        for (int t = 0; t <= n; t++) Flow(z, t * d, forcing, _f.AsSpan(t * d, d));
        for (int t = 0; t < n; t++) Flow(z, mid + t * d, forcing, _fMid.AsSpan(t * d, d));
        for (int k = 0; k < n * d; k++)
        {
            double r1 = z[k + d] - z[k] - dt / 6 * (_f[k] + 4 * _fMid[k] + _f[k + d]);
            double r2 = z[mid + k] - 0.5 * (z[k] + z[k + d]) - dt / 8 * (_f[k] - _f[k + d]);
            a += 0.5 * _rf * (r1 * r1 + r2 * r2);
            _rho[k] = _rf * r1;
            _rho2[k] = _rf * r2;
            if (gradient)
            {
                g[k + d] += _rho[k] - 0.5 * _rho2[k];
                g[k] += -_rho[k] - 0.5 * _rho2[k];
                g[mid + k] += _rho2[k];
            }
        }
        if (!gradient) return a;
        double gF = 0;
        for (int t = 0; t <= n; t++)
        {
            for (int i = 0; i < d; i++)
            {
                double w = 0;
                if (t < n) w += -dt / 6 * _rho[t * d + i] - dt / 8 * _rho2[t * d + i];
                if (t > 0) w += -dt / 6 * _rho[(t - 1) * d + i] + dt / 8 * _rho2[(t - 1) * d + i];
                _w[i] = w;
            }
            gF += AddTransposeProduct(z, t * d, _w, g);
        }
        for (int t = 0; t < n; t++)
        {
            for (int i = 0; i < d; i++) _w[i] = -4 * dt / 6 * _rho[t * d + i];
            gF += AddTransposeProduct(z, mid + t * d, _w, g);
        }
        g[(2 * n + 1) * d] = gF;
        return a;
    }

    public double Evaluate(ReadOnlySpan<double> z, Span<double> g, bool gradient)
    {
        int d = _d;
        double forcing = z[(_n + 1) * d];
        double a = MeasurementTerm(z, g, gradient);
        for (int n = 0; n <= _n; n++)
            for (int i = 0; i < d; i++)
            {
                int b = n * d;
                _f[b + i] = (z[b + (i + 1) % d] - z[b + (i + d - 2) % d]) * z[b + (i + d - 1) % d] - z[b + i] + forcing;
            }
        for (int k = 0; k < _n * d; k++)
        {
            double r = z[k + d] - z[k] - 0.5 * _dt * (_f[k] + _f[k + d]);
            a += 0.5 * _rf * r * r;
            _rho[k] = _rf * r;
        }
        if (!gradient) return a;
        double gF = 0;
        for (int n = 0; n <= _n; n++)
        {
            int b = n * d;
            for (int i = 0; i < d; i++)
            {
                double w = -0.5 * _dt * ((n < _n ? _rho[b + i] : 0) + (n > 0 ? _rho[b - d + i] : 0));
                if (n < _n) g[b + d + i] += _rho[b + i];
                if (n < _n) g[b + i] -= _rho[b + i];
                int ip1 = (i + 1) % d, im1 = (i + d - 1) % d, im2 = (i + d - 2) % d;
                double xm1 = z[b + im1];
                g[b + ip1] += w * xm1;
                g[b + im2] -= w * xm1;
                g[b + im1] += w * (z[b + ip1] - z[b + im2]);
                g[b + i] -= w;
                gF += w;
            }
        }
        g[(_n + 1) * d] = gF;
        return a;
    }
}
