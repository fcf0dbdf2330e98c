using System;

namespace DeepestLearning.Tests.Derivatives;

/// <summary>A point (x, p, u) at which a model's derivatives are checked.</summary>
public sealed record ModelPoint(double[] X, double[] P, double[] U)
{
    /// <summary>z = (x, p), the variables every derivative is taken with respect to.</summary>
    public double[] Z()
    {
        var z = new double[X.Length + P.Length];
        X.CopyTo(z, 0);
        P.CopyTo(z, X.Length);
        return z;
    }

    public ModelPoint WithZ(double[] z) => new(z[..X.Length], z[X.Length..], U);

    public static double[] Uniform(Random random, int count, double low, double high)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = low + (high - low) * random.NextDouble();
        return values;
    }
}
