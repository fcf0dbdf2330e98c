using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeepestLearning;

/// <summary>
/// The SIMD loops generated dense layers call: a dot product for the pre-activation and a scaled
/// add for the vector–Jacobian products. Public because generated code in user assemblies calls them.
/// </summary>
public static class NetworkKernels
{
    /// <summary>Σ_k a_k b_k over the length of <paramref name="a"/>.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        if (b.Length < n) throw new ArgumentException($"'{nameof(b)}' must have at least {n} elements but has {b.Length}.", nameof(b));
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        int k = 0;
        double sum = 0.0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Vector<double>.Count)
        {
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            int width = Vector<double>.Count;
            for (; k <= n - 2 * width; k += 2 * width)
            {
                acc0 += Vector.LoadUnsafe(ref ra, (nuint)k) * Vector.LoadUnsafe(ref rb, (nuint)k);
                acc1 += Vector.LoadUnsafe(ref ra, (nuint)(k + width)) * Vector.LoadUnsafe(ref rb, (nuint)(k + width));
            }
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; k < n; k++) sum += Unsafe.Add(ref ra, k) * Unsafe.Add(ref rb, k);
        return sum;
    }

    /// <summary>y_k += s·x_k over the length of <paramref name="x"/>.</summary>
    public static void AddScaled(Span<double> y, double s, ReadOnlySpan<double> x)
    {
        int n = x.Length;
        if (y.Length < n) throw new ArgumentException($"'{nameof(y)}' must have at least {n} elements but has {y.Length}.", nameof(y));
        ref double ry = ref MemoryMarshal.GetReference(y);
        ref double rx = ref MemoryMarshal.GetReference(x);
        int k = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var scale = new Vector<double>(s);
            int width = Vector<double>.Count;
            for (; k <= n - width; k += width)
                (Vector.LoadUnsafe(ref ry, (nuint)k) + scale * Vector.LoadUnsafe(ref rx, (nuint)k)).StoreUnsafe(ref ry, (nuint)k);
        }
        for (; k < n; k++) Unsafe.Add(ref ry, k) += s * Unsafe.Add(ref rx, k);
    }
}
