using System;
using System.Collections.Generic;
using DeepestLearning.Tests.Derivatives;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Networks;

/// <summary>
/// The derivative checks of DerivativeChecks, for one layer map of a generated network over z = (x, w):
/// Jacobian against central differences with the pattern exact both ways, a Taylor test, the
/// vector–Jacobian product as the adjoint of the Jacobian (1e-13), the second-derivative contraction
/// against differences of the vector–Jacobian product with its pattern exact, and no allocation.
/// </summary>
public static class LayerChecks<TNet> where TNet : ILayeredNetwork<TNet>
{
    public static void All(int seed)
    {
        var random = new Random(seed);
        for (int layer = 0; layer < TNet.LayerCount; layer++)
        {
            var at = new LayerPoint(layer, ModelPoint.Uniform(random, TNet.LayerWidth(layer), -1.5, 1.5), ModelPoint.Uniform(random, TNet.WeightCount(layer), -1.0, 1.0));
            JacobianMatchesCentralDifferences(at);
            JacobianPassesTaylorTest(at, random);
            ProductIsAdjointOfJacobian(at, random);
            SecondDerivativeMatchesDifferencesOfProduct(at, random);
            MembersAllocateNothing(at);
        }
    }

    public sealed record LayerPoint(int Layer, double[] X, double[] W)
    {
        public int Inputs => X.Length;
        public int Outputs => TNet.LayerWidth(Layer + 1);
        public int Columns => X.Length + W.Length;
        public double[] Z() => [.. X, .. W];
        public LayerPoint WithZ(double[] z) => this with { X = z[..Inputs], W = z[Inputs..] };
    }

    public static double[] F(LayerPoint at)
    {
        var next = new double[at.Outputs];
        TNet.Forward(at.Layer, at.X, at.W, next);
        return next;
    }

    public static double[,] DenseJacobian(LayerPoint at)
    {
        SparsityPattern pattern = TNet.JacobianPattern(at.Layer);
        Assert.Equal(at.Outputs, pattern.RowCount);
        Assert.Equal(at.Columns, pattern.ColumnCount);
        var values = new double[pattern.NonZeroCount];
        TNet.Jacobian(at.Layer, at.X, at.W, values);
        return DerivativeChecks<DeepestLearning.SampleModels.Lorenz63>.Dense(pattern, values);
    }

    /// <summary>vᵀ∂f/∂(x,w) from the accumulating product, started from zero.</summary>
    public static double[] Product(LayerPoint at, double[] v)
    {
        var gx = new double[at.Inputs];
        var gw = new double[at.W.Length];
        TNet.AccumulateVectorJacobianProduct(at.Layer, at.X, at.W, v, gx, gw);
        return [.. gx, .. gw];
    }

    public static void JacobianMatchesCentralDifferences(LayerPoint at)
    {
        double[,] jacobian = DenseJacobian(at);
        double[] z = at.Z();
        double[] f0 = F(at);
        SparsityPattern pattern = TNet.JacobianPattern(at.Layer);
        for (int j = 0; j < at.Columns; j++)
        {
            const double h = 1e-6;
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[j] += h;
            minus[j] -= h;
            double[] fPlus = F(at.WithZ(plus)), fMinus = F(at.WithZ(minus));
            for (int i = 0; i < at.Outputs; i++)
            {
                double fd = (fPlus[i] - fMinus[i]) / (2 * h);
                Assert.True(Math.Abs(fd - jacobian[i, j]) <= 1e-6 * Math.Max(1.0, Math.Abs(jacobian[i, j])),
                    $"layer {at.Layer}: J[{i},{j}] = {jacobian[i, j]:R} but central difference = {fd:R}");
                if (pattern.Contains(i, j)) Assert.True(jacobian[i, j] != 0.0, $"layer {at.Layer}: J[{i},{j}] is in the pattern but zero at a random point");
                else Assert.True(Math.Abs(fd) <= 1e-8 * Math.Max(1.0, Math.Abs(f0[i])), $"layer {at.Layer}: J[{i},{j}] = {fd:R} by differences but outside the pattern");
            }
        }
    }

    public static void JacobianPassesTaylorTest(LayerPoint at, Random random)
    {
        double[] z = at.Z();
        double[] v = ModelPoint.Uniform(random, at.Columns, -1, 1);
        double[,] jacobian = DenseJacobian(at);
        double[] f0 = F(at);
        var remainders = new List<double>();
        for (double eps = 1e-1; eps >= 1e-3; eps /= 2)
        {
            double[] moved = (double[])z.Clone();
            for (int j = 0; j < at.Columns; j++) moved[j] += eps * v[j];
            double[] f = F(at.WithZ(moved));
            double norm = 0;
            for (int i = 0; i < at.Outputs; i++)
            {
                double jv = 0;
                for (int j = 0; j < at.Columns; j++) jv += jacobian[i, j] * v[j];
                double r = f[i] - f0[i] - eps * jv;
                norm += r * r;
            }
            remainders.Add(Math.Sqrt(norm));
        }
        DerivativeChecks<DeepestLearning.SampleModels.Lorenz63>.AssertSecondOrder(remainders);
    }

    public static void ProductIsAdjointOfJacobian(LayerPoint at, Random random)
    {
        double[] v = ModelPoint.Uniform(random, at.Outputs, -1, 1);
        double[] t = ModelPoint.Uniform(random, at.Columns, -1, 1);
        double[,] jacobian = DenseJacobian(at);
        double[] product = Product(at, v);
        double left = 0, right = 0, magnitude = 0;
        for (int i = 0; i < at.Outputs; i++)
            for (int j = 0; j < at.Columns; j++)
            {
                left += v[i] * jacobian[i, j] * t[j];
                magnitude += Math.Abs(v[i] * jacobian[i, j] * t[j]);
            }
        for (int j = 0; j < at.Columns; j++) right += product[j] * t[j];
        Assert.True(Math.Abs(left - right) <= 1e-13 * magnitude, $"layer {at.Layer}: ⟨v, Jt⟩ = {left:R}, ⟨Jᵀv, t⟩ = {right:R}");

        // Accumulation: the product adds to what the buffers hold.
        var gx = ModelPoint.Uniform(random, at.Inputs, -1, 1);
        var gw = ModelPoint.Uniform(random, at.W.Length, -1, 1);
        double[] before = [.. gx, .. gw];
        TNet.AccumulateVectorJacobianProduct(at.Layer, at.X, at.W, v, gx, gw);
        double[] after = [.. gx, .. gw];
        for (int j = 0; j < at.Columns; j++)
            Assert.True(Math.Abs(after[j] - before[j] - product[j]) <= 1e-14 * (1 + Math.Abs(before[j]) + Math.Abs(product[j])), $"layer {at.Layer}: column {j} does not accumulate");
    }

    public static void SecondDerivativeMatchesDifferencesOfProduct(LayerPoint at, Random random)
    {
        double[] v = ModelPoint.Uniform(random, at.Outputs, 0.5, 1.5);
        SparsityPattern pattern = TNet.SecondDerivativePattern(at.Layer);
        Assert.Equal(at.Columns, pattern.RowCount);
        Assert.Equal(at.Columns, pattern.ColumnCount);
        var values = new double[pattern.NonZeroCount];
        TNet.SecondDerivativeContraction(at.Layer, at.X, at.W, v, values);
        double[,] hessian = DerivativeChecks<DeepestLearning.SampleModels.Lorenz63>.Dense(pattern, values);
        double[] z = at.Z();
        for (int k = 0; k < at.Columns; k++)
        {
            const double h = 1e-5;
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[k] += h;
            minus[k] -= h;
            double[] gPlus = Product(at.WithZ(plus), v), gMinus = Product(at.WithZ(minus), v);
            for (int j = k; j < at.Columns; j++)
            {
                double fd = (gPlus[j] - gMinus[j]) / (2 * h);
                Assert.True(Math.Abs(fd - hessian[j, k]) <= 1e-6 * Math.Max(1.0, Math.Abs(hessian[j, k])), $"layer {at.Layer}: H[{j},{k}] = {hessian[j, k]:R} but difference of vᵀJ = {fd:R}");
                if (pattern.Contains(j, k)) Assert.True(hessian[j, k] != 0.0, $"layer {at.Layer}: H[{j},{k}] is in the pattern but zero at a random point");
                else Assert.True(Math.Abs(fd) <= 1e-8, $"layer {at.Layer}: H[{j},{k}] = {fd:R} by differences but outside the pattern");
            }
        }
        for (int r = 0; r < pattern.RowCount; r++)
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
                Assert.True(pattern.ColumnIndex[e] <= r, $"entry ({r},{pattern.ColumnIndex[e]}) is above the diagonal");
    }

    public static void MembersAllocateNothing(LayerPoint at)
    {
        var next = new double[at.Outputs];
        var v = new double[at.Outputs];
        var gx = new double[at.Inputs];
        var gw = new double[at.W.Length];
        var jacobian = new double[TNet.JacobianPattern(at.Layer).NonZeroCount];
        var second = new double[TNet.SecondDerivativePattern(at.Layer).NonZeroCount];
        void Call()
        {
            TNet.Forward(at.Layer, at.X, at.W, next);
            TNet.AccumulateVectorJacobianProduct(at.Layer, at.X, at.W, v, gx, gw);
            TNet.Jacobian(at.Layer, at.X, at.W, jacobian);
            TNet.SecondDerivativeContraction(at.Layer, at.X, at.W, v, second);
            _ = TNet.JacobianPattern(at.Layer);
            _ = TNet.SecondDerivativePattern(at.Layer);
        }
        Call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 1000; k++) Call();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
