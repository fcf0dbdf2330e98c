using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepestLearning;

/// <summary>
/// SIMD kernels for O(n) vector work. They live with the linear algebra because the
/// factorizations use them too (<see cref="ArrowheadLdlt"/>'s Schur complement), and the
/// minimizers depend on linear algebra, never the other way round. With the action evaluated in
/// ~20 µs, scalar loops over a few thousand variables (clamps, divisions, NaN-aware Math.Max)
/// cost more than the evaluation itself, so every per-iteration pass of a minimizer is one of
/// these fused, vectorized loops. Each kernel has a scalar tail for the last few elements.
/// </summary>
internal static class VectorMath
{
    private static int Width => Vector<double>.Count;

    /// <summary>a·b, accumulated in two vector registers (so the sum's rounding differs from a scalar loop's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Width)
        {
            ReadOnlySpan<Vector<double>> va = MemoryMarshal.Cast<double, Vector<double>>(a), vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            Vector<double> acc0 = Vector<double>.Zero, acc1 = Vector<double>.Zero;
            int k = 0;
            for (; k + 1 < va.Length; k += 2)
            {
                acc0 += va[k] * vb[k];
                acc1 += va[k + 1] * vb[k + 1];
            }
            for (; k < va.Length; k++) acc0 += va[k] * vb[k];
            sum = Vector.Dot(acc0 + acc1, Vector<double>.One);
            i = va.Length * Width;
        }
        for (; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>y += alpha·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            ReadOnlySpan<Vector<double>> vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]);
            var va = new Vector<double>(alpha);
            for (int k = 0; k < vy.Length; k++) vy[k] += va * vx[k];
            i = vy.Length * Width;
        }
        for (; i < n; i++) y[i] += alpha * x[i];
    }

    /// <summary>
    /// y += a0·x0 + a1·x1 + a2·x2 + a3·x3: four scaled additions in one pass over y (y is loaded and
    /// stored once instead of four times — the inner kernel of the arrowhead factorization's Schur complement).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled4(Span<double> y, double a0, ReadOnlySpan<double> x0, double a1, ReadOnlySpan<double> x1,
        double a2, ReadOnlySpan<double> x2, double a3, ReadOnlySpan<double> x3)
    {
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            ReadOnlySpan<Vector<double>> v0 = MemoryMarshal.Cast<double, Vector<double>>(x0[..n]);
            ReadOnlySpan<Vector<double>> v1 = MemoryMarshal.Cast<double, Vector<double>>(x1[..n]);
            ReadOnlySpan<Vector<double>> v2 = MemoryMarshal.Cast<double, Vector<double>>(x2[..n]);
            ReadOnlySpan<Vector<double>> v3 = MemoryMarshal.Cast<double, Vector<double>>(x3[..n]);
            Vector<double> c0 = new(a0), c1 = new(a1), c2 = new(a2), c3 = new(a3);
            for (int k = 0; k < vy.Length; k++) vy[k] += c0 * v0[k] + c1 * v1[k] + (c2 * v2[k] + c3 * v3[k]);
            i = vy.Length * Width;
        }
        for (; i < n; i++) y[i] += a0 * x0[i] + a1 * x1[i] + (a2 * x2[i] + a3 * x3[i]);
    }

    /// <summary>y *= alpha.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(Span<double> y, double alpha)
    {
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var va = new Vector<double>(alpha);
            for (int k = 0; k < vy.Length; k++) vy[k] *= va;
            i = vy.Length * Width;
        }
        for (; i < n; i++) y[i] *= alpha;
    }

    /// <summary>result = a ⊙ b (elementwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(Span<double> result, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = result.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> vr = MemoryMarshal.Cast<double, Vector<double>>(result);
            ReadOnlySpan<Vector<double>> va = MemoryMarshal.Cast<double, Vector<double>>(a[..n]), vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            for (int k = 0; k < vr.Length; k++) vr[k] = va[k] * vb[k];
            i = vr.Length * Width;
        }
        for (; i < n; i++) result[i] = a[i] * b[i];
    }

    /// <summary>
    /// scipy's projected-gradient measure max_i |clamp(x_i − g_i, l_i, u_i) − x_i| and, in the same
    /// pass, the free-variable mask: 0 where x sits on a bound with the gradient pushing outward,
    /// 1 elsewhere. Returns whether every variable is free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ProjectedGradientNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> g, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper,
        Span<double> free, out bool allFree)
    {
        int n = x.Length, i = 0;
        double norm = 0;
        allFree = true;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<double>> vx = MemoryMarshal.Cast<double, Vector<double>>(x), vg = MemoryMarshal.Cast<double, Vector<double>>(g[..n]),
                vl = MemoryMarshal.Cast<double, Vector<double>>(lower[..n]), vu = MemoryMarshal.Cast<double, Vector<double>>(upper[..n]);
            Span<Vector<double>> vf = MemoryMarshal.Cast<double, Vector<double>>(free[..n]);
            Vector<double> max = Vector<double>.Zero;
            Vector<long> anyBlocked = Vector<long>.Zero;
            for (int k = 0; k < vx.Length; k++)
            {
                Vector<double> xk = vx[k], gk = vg[k], lk = vl[k], uk = vu[k];
                max = Vector.Max(max, Vector.Abs(Vector.Min(Vector.Max(xk - gk, lk), uk) - xk));
                Vector<long> blocked = (Vector.LessThanOrEqual(xk, lk) & Vector.GreaterThan(gk, Vector<double>.Zero))
                    | (Vector.GreaterThanOrEqual(xk, uk) & Vector.LessThan(gk, Vector<double>.Zero));
                anyBlocked |= blocked;
                vf[k] = Vector.ConditionalSelect(blocked, Vector<double>.Zero, Vector<double>.One);
            }
            for (int j = 0; j < Width; j++) norm = Math.Max(norm, max[j]);
            allFree = anyBlocked == Vector<long>.Zero;
            i = vx.Length * Width;
        }
        for (; i < n; i++)
        {
            norm = Math.Max(norm, Math.Abs(Math.Clamp(x[i] - g[i], lower[i], upper[i]) - x[i]));
            bool blocked = (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0);
            free[i] = blocked ? 0.0 : 1.0;
            if (blocked) allFree = false;
        }
        return norm;
    }

    /// <summary>result = clamp(x + step·d, l, u).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ClampedStep(Span<double> result, ReadOnlySpan<double> x, double step, ReadOnlySpan<double> d,
        ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        int n = result.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> vr = MemoryMarshal.Cast<double, Vector<double>>(result);
            ReadOnlySpan<Vector<double>> vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]), vd = MemoryMarshal.Cast<double, Vector<double>>(d[..n]),
                vl = MemoryMarshal.Cast<double, Vector<double>>(lower[..n]), vu = MemoryMarshal.Cast<double, Vector<double>>(upper[..n]);
            var vs = new Vector<double>(step);
            for (int k = 0; k < vr.Length; k++) vr[k] = Vector.Min(Vector.Max(vx[k] + vs * vd[k], vl[k]), vu[k]);
            i = vr.Length * Width;
        }
        for (; i < n; i++) result[i] = Math.Clamp(x[i] + step * d[i], lower[i], upper[i]);
    }

    /// <summary>The largest α ≥ 0 with l ≤ x + αd ≤ u (+∞ when d never meets a bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MaxFeasibleStep(ReadOnlySpan<double> x, ReadOnlySpan<double> d, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        int n = x.Length, i = 0;
        double max = double.PositiveInfinity;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<double>> vx = MemoryMarshal.Cast<double, Vector<double>>(x), vd = MemoryMarshal.Cast<double, Vector<double>>(d[..n]),
                vl = MemoryMarshal.Cast<double, Vector<double>>(lower[..n]), vu = MemoryMarshal.Cast<double, Vector<double>>(upper[..n]);
            var best = new Vector<double>(double.PositiveInfinity);
            for (int k = 0; k < vx.Length; k++)
            {
                Vector<double> dk = vd[k];
                Vector<long> negative = Vector.LessThan(dk, Vector<double>.Zero), positive = Vector.GreaterThan(dk, Vector<double>.Zero);
                // Distance to the bound the direction points at; where d = 0 the ratio is replaced by +∞.
                Vector<double> room = Vector.ConditionalSelect(negative, vl[k], vu[k]) - vx[k];
                Vector<double> ratio = Vector.ConditionalSelect(negative | positive, room / dk, new Vector<double>(double.PositiveInfinity));
                best = Vector.Min(best, ratio);
            }
            for (int j = 0; j < Width; j++) max = Math.Min(max, best[j]);
            i = vx.Length * Width;
        }
        for (; i < n; i++)
        {
            if (d[i] < 0) max = Math.Min(max, (lower[i] - x[i]) / d[i]);
            else if (d[i] > 0) max = Math.Min(max, (upper[i] - x[i]) / d[i]);
        }
        return Math.Max(max, 0.0);
    }

    /// <summary>s = xNew − x and y = gNew − g; returns (sᵀy, yᵀy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Sy, double Yy) Differences(Span<double> s, Span<double> y, ReadOnlySpan<double> xNew, ReadOnlySpan<double> x,
        ReadOnlySpan<double> gNew, ReadOnlySpan<double> g)
    {
        int n = s.Length, i = 0;
        double sy = 0, yy = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> vs = MemoryMarshal.Cast<double, Vector<double>>(s), vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            ReadOnlySpan<Vector<double>> vxn = MemoryMarshal.Cast<double, Vector<double>>(xNew[..n]), vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]),
                vgn = MemoryMarshal.Cast<double, Vector<double>>(gNew[..n]), vg = MemoryMarshal.Cast<double, Vector<double>>(g[..n]);
            Vector<double> accSy = Vector<double>.Zero, accYy = Vector<double>.Zero;
            for (int k = 0; k < vs.Length; k++)
            {
                Vector<double> sk = vxn[k] - vx[k], yk = vgn[k] - vg[k];
                vs[k] = sk;
                vy[k] = yk;
                accSy += sk * yk;
                accYy += yk * yk;
            }
            sy = Vector.Dot(accSy, Vector<double>.One);
            yy = Vector.Dot(accYy, Vector<double>.One);
            i = vs.Length * Width;
        }
        for (; i < n; i++)
        {
            s[i] = xNew[i] - x[i];
            y[i] = gNew[i] - g[i];
            sy += s[i] * y[i];
            yy += y[i] * y[i];
        }
        return (sy, yy);
    }

    /// <summary>Σ g_i (a_i − b_i), the predicted change gᵀ(a − b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double DotDifference(ReadOnlySpan<double> g, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = g.Length, i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<double>> vg = MemoryMarshal.Cast<double, Vector<double>>(g), va = MemoryMarshal.Cast<double, Vector<double>>(a[..n]),
                vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            Vector<double> acc = Vector<double>.Zero;
            for (int k = 0; k < vg.Length; k++) acc += vg[k] * (va[k] - vb[k]);
            sum = Vector.Dot(acc, Vector<double>.One);
            i = vg.Length * Width;
        }
        for (; i < n; i++) sum += g[i] * (a[i] - b[i]);
        return sum;
    }

    /// <summary>
    /// q = (q + a·x) ⊙ mask (mask empty: no masking), then returns next·q (next empty: 0). One
    /// pass instead of three: the two-loop recursion of L-BFGS alternates exactly these steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double UpdateThenDot(Span<double> q, double a, ReadOnlySpan<double> x, ReadOnlySpan<double> mask, ReadOnlySpan<double> next)
    {
        int n = q.Length, i = 0;
        bool masked = !mask.IsEmpty, dot = !next.IsEmpty;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Span<Vector<double>> vq = MemoryMarshal.Cast<double, Vector<double>>(q);
            ReadOnlySpan<Vector<double>> vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]);
            ReadOnlySpan<Vector<double>> vm = masked ? MemoryMarshal.Cast<double, Vector<double>>(mask[..n]) : default;
            ReadOnlySpan<Vector<double>> vn = dot ? MemoryMarshal.Cast<double, Vector<double>>(next[..n]) : default;
            var va = new Vector<double>(a);
            Vector<double> acc = Vector<double>.Zero;
            if (masked && dot)
                for (int k = 0; k < vq.Length; k++) { Vector<double> v = (vq[k] + va * vx[k]) * vm[k]; vq[k] = v; acc += v * vn[k]; }
            else if (dot)
                for (int k = 0; k < vq.Length; k++) { Vector<double> v = vq[k] + va * vx[k]; vq[k] = v; acc += v * vn[k]; }
            else if (masked)
                for (int k = 0; k < vq.Length; k++) vq[k] = (vq[k] + va * vx[k]) * vm[k];
            else
                for (int k = 0; k < vq.Length; k++) vq[k] += va * vx[k];
            sum = Vector.Dot(acc, Vector<double>.One);
            i = vq.Length * Width;
        }
        for (; i < n; i++)
        {
            double v = q[i] + a * x[i];
            if (masked) v *= mask[i];
            q[i] = v;
            if (dot) sum += v * next[i];
        }
        return sum;
    }
}
