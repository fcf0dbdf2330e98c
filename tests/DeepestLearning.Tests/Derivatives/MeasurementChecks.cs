using System;
using System.Collections.Generic;
using Xunit;

namespace DeepestLearning.Tests.Derivatives;

/// <summary>
/// The checks <see cref="DerivativeChecks{TModel}"/> makes of a vector field, made of a generated [Measurement]
/// h(x, p, u): its Jacobian against central differences with the pattern exact both ways, a Taylor test,
/// the dot-product identity of wᵀ∂h, Σ wₗ∇²hₗ against differences of wᵀ∂h with the pattern exact both ways,
/// and no allocation.
/// </summary>
public static class MeasurementChecks<TModel> where TModel : IDynamicalModel<TModel>
{
    private static int M => TModel.MeasurementCount;
    private static int Columns => TModel.StateCount + TModel.ParameterCount;

    public static double[] H(ModelPoint at)
    {
        var y = new double[M];
        TModel.Measurement(at.X, at.P, at.U, y);
        return y;
    }

    public static double[,] DenseJacobian(ModelPoint at)
    {
        SparsityPattern pattern = TModel.MeasurementJacobianPattern;
        Assert.Equal(M, pattern.RowCount);
        Assert.Equal(Columns, pattern.ColumnCount);
        var values = new double[pattern.NonZeroCount];
        TModel.MeasurementJacobian(at.X, at.P, at.U, values);
        return DerivativeChecks<TModel>.Dense(pattern, values);
    }

    public static double[] TransposeProduct(ModelPoint at, double[] w)
    {
        var result = new double[Columns];
        TModel.MeasurementJacobianTransposeProduct(at.X, at.P, at.U, w, result);
        return result;
    }

    /// <summary>∂h/∂(x,p) against central differences (1e-6 relative); an entry in the pattern is non-zero, one outside it has a zero difference.</summary>
    public static void JacobianMatchesCentralDifferences(ModelPoint at)
    {
        double[,] jacobian = DenseJacobian(at);
        double[] z = at.Z(), y0 = H(at);
        for (int j = 0; j < Columns; j++)
        {
            double step = 1e-6 * Math.Max(1.0, Math.Abs(z[j]));
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[j] += step;
            minus[j] -= step;
            double[] yPlus = H(at.WithZ(plus)), yMinus = H(at.WithZ(minus));
            for (int l = 0; l < M; l++)
            {
                double difference = (yPlus[l] - yMinus[l]) / (2 * step);
                Assert.True(Math.Abs(difference - jacobian[l, j]) <= 1e-6 * Math.Max(1.0, Math.Abs(jacobian[l, j])),
                    $"∂h[{l}]/∂z[{j}] = {jacobian[l, j]:R} but the central difference is {difference:R}");
                if (TModel.MeasurementJacobianPattern.Contains(l, j)) Assert.True(jacobian[l, j] != 0.0, $"∂h[{l}]/∂z[{j}] is in the pattern but zero at a random point");
                else Assert.True(Math.Abs(difference) <= 1e-7 * Math.Max(1.0, Math.Abs(y0[l])), $"∂h[{l}]/∂z[{j}] = {difference:R} by differences but is outside the pattern");
            }
        }
    }

    /// <summary>‖h(z+εv) − h(z) − ε ∂h v‖ falls as ε²; returns the observed rate.</summary>
    public static double JacobianPassesTaylorTest(ModelPoint at, Random random)
    {
        double[] z = at.Z(), y0 = H(at);
        double[] v = ModelPoint.Uniform(random, Columns, -1, 1);
        for (int j = 0; j < Columns; j++) v[j] *= Math.Max(1e-3, Math.Abs(z[j])) * 1e-2;
        double[,] jacobian = DenseJacobian(at);
        var remainders = new List<double>();
        for (double eps = 1e-1; eps >= 1e-3; eps /= 2)
        {
            double[] moved = (double[])z.Clone();
            for (int j = 0; j < Columns; j++) moved[j] += eps * v[j];
            double[] y = H(at.WithZ(moved));
            double norm = 0;
            for (int l = 0; l < M; l++)
            {
                double jv = 0;
                for (int j = 0; j < Columns; j++) jv += jacobian[l, j] * v[j];
                double r = y[l] - y0[l] - eps * jv;
                norm += r * r;
            }
            remainders.Add(Math.Sqrt(norm));
        }
        return DerivativeChecks<TModel>.AssertSecondOrder(remainders);
    }

    /// <summary>The generated wᵀ∂h equals wᵀ times the generated Jacobian to 1e-13, and ⟨w, ∂h v⟩ = ⟨wᵀ∂h, v⟩.</summary>
    public static void TransposeProductIsAdjointOfJacobian(ModelPoint at, Random random)
    {
        double[] w = ModelPoint.Uniform(random, M, -1, 1), v = ModelPoint.Uniform(random, Columns, -1, 1);
        double[,] jacobian = DenseJacobian(at);
        double[] product = TransposeProduct(at, w);
        double left = 0, right = 0, magnitude = 0;
        for (int j = 0; j < Columns; j++)
        {
            double expected = 0, scale = 0;
            for (int l = 0; l < M; l++)
            {
                expected += w[l] * jacobian[l, j];
                scale += Math.Abs(w[l] * jacobian[l, j]);
                left += w[l] * jacobian[l, j] * v[j];
                magnitude += Math.Abs(w[l] * jacobian[l, j] * v[j]);
            }
            Assert.True(Math.Abs(product[j] - expected) <= 1e-13 * Math.Max(scale, 1e-300), $"(wᵀ∂h)[{j}] = {product[j]:R}, from the Jacobian {expected:R}");
            right += product[j] * v[j];
        }
        Assert.True(Math.Abs(left - right) <= 1e-13 * magnitude, $"⟨w, ∂h v⟩ = {left:R}, ⟨wᵀ∂h, v⟩ = {right:R}");
    }

    /// <summary>Σₗ wₗ∇²hₗ against central differences of wᵀ∂h (1e-5 relative); its lower-triangle pattern exact both ways.</summary>
    public static void SecondDerivativeMatchesDifferencesOfTransposeProduct(ModelPoint at, Random random)
    {
        double[] w = ModelPoint.Uniform(random, M, 0.5, 1.5);
        SparsityPattern pattern = TModel.MeasurementSecondDerivativePattern;
        Assert.Equal(Columns, pattern.RowCount);
        Assert.Equal(Columns, pattern.ColumnCount);
        var values = new double[pattern.NonZeroCount];
        TModel.MeasurementSecondDerivativeContraction(at.X, at.P, at.U, w, values);
        double[,] hessian = DerivativeChecks<TModel>.Dense(pattern, values);
        double[] z = at.Z(), g0 = TransposeProduct(at, w);
        for (int k = 0; k < Columns; k++)
        {
            double step = 1e-5 * Math.Max(1.0, Math.Abs(z[k]));
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[k] += step;
            minus[k] -= step;
            double[] gPlus = TransposeProduct(at.WithZ(plus), w), gMinus = TransposeProduct(at.WithZ(minus), w);
            for (int j = k; j < Columns; j++)
            {
                double difference = (gPlus[j] - gMinus[j]) / (2 * step);
                Assert.True(Math.Abs(difference - hessian[j, k]) <= 1e-5 * Math.Max(1.0, Math.Abs(hessian[j, k])),
                    $"(Σ wₗ∇²hₗ)[{j},{k}] = {hessian[j, k]:R} but the difference of wᵀ∂h is {difference:R}");
                if (pattern.Contains(j, k)) Assert.True(hessian[j, k] != 0.0, $"(Σ wₗ∇²hₗ)[{j},{k}] is in the pattern but zero at a random point");
                else Assert.True(Math.Abs(difference) <= 1e-6 * Math.Max(1.0, Math.Abs(g0[j])), $"(Σ wₗ∇²hₗ)[{j},{k}] = {difference:R} by differences but is outside the pattern");
            }
        }
        for (int r = 0; r < pattern.RowCount; r++)
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
                Assert.True(pattern.ColumnIndex[e] <= r, $"entry ({r},{pattern.ColumnIndex[e]}) is above the diagonal");
    }

    /// <summary>Every generated measurement member allocates zero bytes over 1000 calls each.</summary>
    public static void MembersAllocateNothing(ModelPoint at)
    {
        var y = new double[M];
        var jacobian = new double[TModel.MeasurementJacobianPattern.NonZeroCount];
        var w = new double[M];
        Array.Fill(w, 0.5);
        var product = new double[Columns];
        var second = new double[TModel.MeasurementSecondDerivativePattern.NonZeroCount];
        CallEveryMember(at, w, y, jacobian, product, second);
        long before = GC.GetAllocatedBytesForCurrentThread();
        CallEveryMember(at, w, y, jacobian, product, second);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void CallEveryMember(ModelPoint at, double[] w, double[] y, double[] jacobian, double[] product, double[] second)
    {
        ReadOnlySpan<double> x = at.X, p = at.P, u = at.U;
        for (int n = 0; n < 1000; n++)
        {
            TModel.Measurement(x, p, u, y);
            TModel.MeasurementJacobian(x, p, u, jacobian);
            TModel.MeasurementJacobianTransposeProduct(x, p, u, w, product);
            TModel.MeasurementSecondDerivativeContraction(x, p, u, w, second);
            _ = TModel.MeasurementJacobianPattern;
            _ = TModel.MeasurementSecondDerivativePattern;
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
