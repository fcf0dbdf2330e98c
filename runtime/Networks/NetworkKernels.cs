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
        ModelArguments.RequireLength(b.Length, a.Length, nameof(b));
        return VectorMath.Dot(a, b.Slice(0, a.Length));
    }

    /// <summary>y_k += s·x_k over the length of <paramref name="x"/>.</summary>
    public static void AddScaled(Span<double> y, double s, ReadOnlySpan<double> x)
    {
        ModelArguments.RequireLength(y.Length, x.Length, nameof(y));
        VectorMath.AddScaled(y.Slice(0, x.Length), s, x);
    }
}
