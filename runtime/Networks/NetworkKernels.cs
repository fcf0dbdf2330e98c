using System;
using System.ComponentModel;

namespace DeepestLearning;

/// <summary>
/// The SIMD loops generated dense layers call: a dot product for the pre-activation and a scaled add
/// for the vector–Jacobian products. Public because generated code in user assemblies calls them; the
/// arithmetic is the minimizers' <see cref="VectorMath"/> kernels, over the length of the first span.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NetworkKernels
{
    /// <summary>Σ_k a_k b_k over the length of <paramref name="a"/>.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (b.Length < a.Length) throw new ArgumentException($"'{nameof(b)}' must have at least {a.Length} elements but has {b.Length}.", nameof(b));
        return VectorMath.Dot(a, b.Slice(0, a.Length));
    }

    /// <summary>y_k += s·x_k over the length of <paramref name="x"/>.</summary>
    public static void AddScaled(Span<double> y, double s, ReadOnlySpan<double> x)
    {
        if (y.Length < x.Length) throw new ArgumentException($"'{nameof(y)}' must have at least {x.Length} elements but has {y.Length}.", nameof(y));
        VectorMath.AddScaled(y.Slice(0, x.Length), s, x);
    }
}
