using System;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// The baseline: the trapezoid action of Lorenz96 and its gradient written directly, with loops
/// over i and the four Jacobian entries of each row. No generated code.
/// </summary>
public sealed class HandWrittenLorenz96
{
    private readonly int _d, _n;
    private readonly double _dt, _rf, _rm;
    private readonly double[] _data; // every component observed at every step, for the benchmark
    private readonly double[] _f, _rho;

    public HandWrittenLorenz96(int d, int n, double dt, double rf, double rm, double[] data)
    {
        _d = d; _n = n; _dt = dt; _rf = rf; _rm = rm; _data = data;
        _f = new double[(n + 1) * d];
        _rho = new double[n * d];
    }

    public double Evaluate(ReadOnlySpan<double> z, Span<double> g, bool gradient)
    {
        int d = _d;
        double forcing = z[(_n + 1) * d];
        if (gradient) g.Clear();
        double a = 0;
        for (int k = 0; k < (_n + 1) * d; k++)
        {
            double e = z[k] - _data[k];
            a += 0.5 * _rm * e * e;
            if (gradient) g[k] += _rm * e;
        }
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
