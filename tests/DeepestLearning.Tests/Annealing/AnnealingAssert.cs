using System;
using System.Linq;
using Xunit;

namespace DeepestLearning.Tests.Annealing;

/// <summary>Bit-for-bit comparisons of annealing records (resumed and merged runs must equal one uninterrupted run exactly).</summary>
internal static class AnnealingAssert
{
    /// <summary>The bit patterns of <paramref name="values"/> (so −0.0 ≠ 0.0 and NaN payloads count).</summary>
    public static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Every number of two levels equal bit for bit, every count and exit reason equal.</summary>
    public static void SameLevel(AnnealingLevel expected, AnnealingLevel actual)
    {
        Assert.Equal(expected.Beta, actual.Beta);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Rf), BitConverter.DoubleToInt64Bits(actual.Rf));
        Assert.Equal(Bits(expected.Actions), Bits(actual.Actions));
        Assert.Equal(Bits(expected.MeasurementTerms), Bits(actual.MeasurementTerms));
        Assert.Equal(Bits(expected.ModelTerms), Bits(actual.ModelTerms));
        for (int k = 0; k < expected.Parameters.Length; k++) Assert.Equal(Bits(expected.Parameters[k]), Bits(actual.Parameters[k]));
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Evaluations, actual.Evaluations);
        Assert.Equal(expected.HessianEvaluations, actual.HessianEvaluations);
        Assert.Equal(expected.Exits, actual.Exits);
        Assert.Equal(expected.Substeps, actual.Substeps);
    }
}
