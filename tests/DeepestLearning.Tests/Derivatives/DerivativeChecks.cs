using System;
using System.Collections.Generic;
using Xunit;

namespace DeepestLearning.Tests.Derivatives;

/// <summary>
/// The data-assimilation community's derivative checks, generic over any generated model:
/// central differences, Taylor remainder rates, dot-product (adjoint) identities, exact
/// sparsity in both directions, and zero allocation.
/// </summary>
public static class DerivativeChecks<TModel> where TModel : IDynamicalModel<TModel>
{
    private static int D => TModel.StateCount;
    private static int Columns => TModel.StateCount + TModel.ParameterCount;

    public static double[] F(ModelPoint at)
    {
        var f = new double[D];
        TModel.VectorField(at.X, at.P, at.U, f);
        return f;
    }

    public static double[,] DenseJacobian(ModelPoint at)
    {
        var values = new double[TModel.JacobianPattern.NonZeroCount];
        TModel.Jacobian(at.X, at.P, at.U, values);
        return Dense(TModel.JacobianPattern, values);
    }

    public static double[] TransposeProduct(ModelPoint at, double[] w)
    {
        var result = new double[Columns];
        TModel.JacobianTransposeProduct(at.X, at.P, at.U, w, result);
        return result;
    }

    public static double[,] Dense(SparsityPattern pattern, double[] values)
    {
        var dense = new double[pattern.RowCount, pattern.ColumnCount];
        for (int r = 0; r < pattern.RowCount; r++)
            for (int k = pattern.RowStart[r]; k < pattern.RowStart[r + 1]; k++)
                dense[r, pattern.ColumnIndex[k]] = values[k];
        return dense;
    }

    /// <summary>Jacobian against central differences (relative 1e-6), and the pattern exact both ways.</summary>
    public static void JacobianMatchesCentralDifferences(ModelPoint at)
    {
        double[,] jacobian = DenseJacobian(at);
        double[] z = at.Z();
        for (int j = 0; j < Columns; j++)
        {
            double h = 1e-6 * Math.Max(1.0, Math.Abs(z[j]));
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[j] += h;
            minus[j] -= h;
            double[] fPlus = F(at.WithZ(plus)), fMinus = F(at.WithZ(minus));
            for (int i = 0; i < D; i++)
            {
                double fd = (fPlus[i] - fMinus[i]) / (2 * h);
                double scale = Math.Max(1.0, Math.Abs(jacobian[i, j]));
                Assert.True(Math.Abs(fd - jacobian[i, j]) <= 1e-6 * scale,
                    $"J[{i},{j}] = {jacobian[i, j]:R} but central difference = {fd:R}");
                bool inPattern = TModel.JacobianPattern.Contains(i, j);
                if (inPattern) Assert.True(jacobian[i, j] != 0.0, $"J[{i},{j}] is in the pattern but zero at a random point");
                else Assert.True(Math.Abs(fd) <= 1e-7 * Math.Max(1.0, Math.Abs(F(at)[i])), $"J[{i},{j}] = {fd:R} by finite differences but is outside the pattern");
            }
        }
    }

    /// <summary>Taylor test: ‖F(z+εv) − F(z) − εJv‖ falls as ε² (observed rate above 1.9).</summary>
    public static void JacobianPassesTaylorTest(ModelPoint at, Random random)
    {
        double[] z = at.Z();
        double[] v = ModelPoint.Uniform(random, Columns, -1, 1);
        for (int j = 0; j < Columns; j++) v[j] *= Math.Max(1e-3, Math.Abs(z[j])) * 1e-2;
        double[,] jacobian = DenseJacobian(at);
        double[] f0 = F(at);
        var remainders = new List<double>();
        for (double eps = 1e-1; eps >= 1e-3; eps /= 2)
        {
            double[] moved = (double[])z.Clone();
            for (int j = 0; j < Columns; j++) moved[j] += eps * v[j];
            double[] f = F(at.WithZ(moved));
            double norm = 0;
            for (int i = 0; i < D; i++)
            {
                double jv = 0;
                for (int j = 0; j < Columns; j++) jv += jacobian[i, j] * v[j];
                double r = f[i] - f0[i] - eps * jv;
                norm += r * r;
            }
            remainders.Add(Math.Sqrt(norm));
        }
        AssertSecondOrder(remainders);
    }

    public static double AssertSecondOrder(List<double> remainders)
    {
        // Rates between consecutive halvings of ε; take the median to be robust to the round-off floor.
        var rates = new List<double>();
        for (int k = 1; k < remainders.Count; k++)
            if (remainders[k] > 1e-13 && remainders[k - 1] > 1e-13) rates.Add(Math.Log2(remainders[k - 1] / remainders[k]));
        Assert.NotEmpty(rates);
        rates.Sort();
        double median = rates[rates.Count / 2];
        Assert.True(median > 1.9, $"Taylor remainder rate {median:F3} (rates {string.Join(", ", rates)})");
        return median;
    }

    /// <summary>wᵀJ from the generated product equals Jᵀw from the Jacobian, and ⟨w, Jv⟩ = ⟨Jᵀw, v⟩ to 1e-13 relative.</summary>
    public static void TransposeProductIsAdjointOfJacobian(ModelPoint at, Random random)
    {
        double[] w = ModelPoint.Uniform(random, D, -1, 1);
        double[] v = ModelPoint.Uniform(random, Columns, -1, 1);
        double[,] jacobian = DenseJacobian(at);
        double[] product = TransposeProduct(at, w);

        double left = 0, right = 0, magnitude = 0;
        for (int i = 0; i < D; i++)
            for (int j = 0; j < Columns; j++)
            {
                left += w[i] * jacobian[i, j] * v[j];
                magnitude += Math.Abs(w[i] * jacobian[i, j] * v[j]);
            }
        for (int j = 0; j < Columns; j++)
        {
            right += product[j] * v[j];
            double expected = 0, scale = 0;
            for (int i = 0; i < D; i++)
            {
                expected += w[i] * jacobian[i, j];
                scale += Math.Abs(w[i] * jacobian[i, j]);
            }
            Assert.True(Math.Abs(product[j] - expected) <= 1e-13 * Math.Max(scale, 1e-300),
                $"(wᵀJ)[{j}] = {product[j]:R}, Jᵀw = {expected:R}");
        }
        Assert.True(Math.Abs(left - right) <= 1e-13 * magnitude, $"⟨w, Jv⟩ = {left:R}, ⟨Jᵀw, v⟩ = {right:R}");
    }

    /// <summary>Σᵢ wᵢ ∇²Fᵢ against central differences of wᵀJ (1e-5 relative); the lower-triangle pattern exact both ways.</summary>
    public static void SecondDerivativeMatchesDifferencesOfTransposeProduct(ModelPoint at, Random random)
    {
        double[] w = ModelPoint.Uniform(random, D, 0.5, 1.5);
        SparsityPattern pattern = TModel.SecondDerivativePattern;
        Assert.Equal(Columns, pattern.RowCount);
        Assert.Equal(Columns, pattern.ColumnCount);
        var values = new double[pattern.NonZeroCount];
        TModel.SecondDerivativeContraction(at.X, at.P, at.U, w, values);
        double[,] hessian = Dense(pattern, values);
        double[] z = at.Z();
        double[] g0 = TransposeProduct(at, w);
        for (int k = 0; k < Columns; k++)
        {
            double h = 1e-5 * Math.Max(1.0, Math.Abs(z[k]));
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[k] += h;
            minus[k] -= h;
            double[] gPlus = TransposeProduct(at.WithZ(plus), w), gMinus = TransposeProduct(at.WithZ(minus), w);
            for (int j = k; j < Columns; j++)
            {
                double fd = (gPlus[j] - gMinus[j]) / (2 * h);
                double scale = Math.Max(1.0, Math.Abs(hessian[j, k]));
                Assert.True(Math.Abs(fd - hessian[j, k]) <= 1e-5 * scale, $"H[{j},{k}] = {hessian[j, k]:R} but difference of wᵀJ = {fd:R}");
                if (pattern.Contains(j, k)) Assert.True(hessian[j, k] != 0.0, $"H[{j},{k}] is in the pattern but zero at a random point");
                else Assert.True(Math.Abs(fd) <= 1e-6 * Math.Max(1.0, Math.Abs(g0[j])), $"H[{j},{k}] = {fd:R} by differences but is outside the pattern");
            }
        }
        for (int r = 0; r < pattern.RowCount; r++)
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
                Assert.True(pattern.ColumnIndex[e] <= r, $"entry ({r},{pattern.ColumnIndex[e]}) is above the diagonal");
    }

    /// <summary>Every generated evaluation member allocates zero bytes over 1000 calls.</summary>
    public static void MembersAllocateNothing(ModelPoint at)
    {
        var f = new double[D];
        var jac = new double[TModel.JacobianPattern.NonZeroCount];
        var w = new double[D];
        Array.Fill(w, 0.5);
        var grad = new double[Columns];
        var hess = new double[TModel.SecondDerivativePattern.NonZeroCount];
        ReadOnlySpan<double> x = at.X, p = at.P, u = at.U;

        // Warm up (JIT, static initializers) with the same loop, then measure.
        CallEveryMember(x, p, u, w, f, jac, grad, hess);
        long before = GC.GetAllocatedBytesForCurrentThread();
        CallEveryMember(x, p, u, w, f, jac, grad, hess);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    private static void CallEveryMember(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, ReadOnlySpan<double> w,
        Span<double> f, Span<double> jac, Span<double> grad, Span<double> hess)
    {
        for (int n = 0; n < 1000; n++)
        {
            TModel.VectorField(x, p, u, f);
            TModel.Jacobian(x, p, u, jac);
            TModel.JacobianTransposeProduct(x, p, u, w, grad);
            TModel.SecondDerivativeContraction(x, p, u, w, hess);
            _ = TModel.JacobianPattern;
            _ = TModel.SecondDerivativePattern;
        }
    }

    public static void All(Func<Random, ModelPoint> sample, int seed, int points = 3)
    {
        var random = new Random(seed);
        for (int n = 0; n < points; n++)
        {
            ModelPoint at = sample(random);
            JacobianMatchesCentralDifferences(at);
            JacobianPassesTaylorTest(at, random);
            TransposeProductIsAdjointOfJacobian(at, random);
            SecondDerivativeMatchesDifferencesOfTransposeProduct(at, random);
        }
        MembersAllocateNothing(sample(random));
    }
}
