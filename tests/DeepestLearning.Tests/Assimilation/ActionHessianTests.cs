using System;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Assimilation;

/// <summary>
/// The exact action Hessian for every discretization: values against central differences of the
/// exact gradient, the pattern exact both ways, the assembled matrix's product against the
/// gradient's directional derivative, and no allocation.
/// </summary>
public class ActionHessianTests
{
    public static TheoryData<Discretization> All => ActionGradientTests.All;

    internal static void CheckAgainstGradientDifferences<TModel>(AssimilationProblem<TModel> problem, double rf) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount, n = problem.VariableCount;
        var rfs = new double[d];
        Array.Fill(rfs, rf);
        var action = new ActionFunction<TModel>(problem);
        var hessian = new ActionHessian<TModel>(problem);
        action.SetModelPrecision(rfs);
        hessian.SetModelPrecision(rfs);
        (double[] z, _) = ActionGradientTests.Point(problem, new Random(21));

        var values = new double[hessian.Pattern.NonZeroCount];
        hessian.Evaluate(z, values);
        double[,] dense = Dense(hessian.Pattern, values);

        // Column j of the Hessian by central differences of the exact gradient.
        var plus = new double[n];
        var minus = new double[n];
        var moved = (double[])z.Clone();
        double worst = 0;
        var differenced = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double h = 1e-5 * Math.Max(1.0, Math.Abs(z[j]));
            moved[j] = z[j] + h;
            action.Evaluate(moved, plus);
            moved[j] = z[j] - h;
            action.Evaluate(moved, minus);
            moved[j] = z[j];
            double scale = 1.0;
            for (int i = 0; i < n; i++)
            {
                differenced[i, j] = (plus[i] - minus[i]) / (2 * h);
                scale = Math.Max(scale, Math.Abs(dense[i, j]));
            }
            for (int i = 0; i < n; i++) worst = Math.Max(worst, Math.Abs(dense[i, j] - differenced[i, j]) / scale);
        }
        Assert.True(worst < 1e-6, $"largest column-relative Hessian error {worst:E2}");

        // Pattern exact both ways: every entry the differences see is in the pattern, and every
        // off-diagonal pattern entry is non-zero at this generic point.
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                bool inPattern = hessian.Pattern.Contains(i, j);
                double scale = 1e-6 * Math.Max(1.0, Math.Max(Math.Abs(dense[i, i]), Math.Abs(dense[j, j])));
                if (Math.Abs(differenced[i, j]) > scale) Assert.True(inPattern, $"({i}, {j}) = {differenced[i, j]:E3} by differences is missing from the pattern");
                if (inPattern && i != j) Assert.True(dense[i, j] != 0, $"pattern entry ({i}, {j}) is zero");
            }

        // The assembled matrix times a random direction v equals the derivative of the exact
        // gradient along v (central differences): the symmetric product reads both triangles right.
        var random = new Random(5);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 2 * random.NextDouble() - 1;
        var assembled = new double[n];
        SymmetricSparse.Multiply(hessian.Pattern, values, v, assembled);
        const double step = 1e-5;
        for (int i = 0; i < n; i++) moved[i] = z[i] + step * v[i];
        action.Evaluate(moved, plus);
        for (int i = 0; i < n; i++) moved[i] = z[i] - step * v[i];
        action.Evaluate(moved, minus);
        double norm = 0, error = 0;
        for (int i = 0; i < n; i++)
        {
            norm = Math.Max(norm, Math.Abs(assembled[i]));
            error = Math.Max(error, Math.Abs(assembled[i] - (plus[i] - minus[i]) / (2 * step)));
        }
        Assert.True(error <= 1e-6 * norm, $"H·v differs from the gradient's directional derivative by {error / norm:E2} relative");
    }

    private static double[,] Dense(SparsityPattern pattern, ReadOnlySpan<double> values)
    {
        var dense = new double[pattern.RowCount, pattern.RowCount];
        for (int i = 0; i < pattern.RowCount; i++)
            for (int k = pattern.RowStart[i]; k < pattern.RowStart[i + 1]; k++)
            {
                int j = pattern.ColumnIndex[k];
                Assert.True(j <= i, "the pattern must be the lower triangle");
                dense[i, j] = values[k];
                dense[j, i] = values[k];
            }
        return dense;
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Lorenz96HessianMatchesGradientDifferences(Discretization discretization) =>
        CheckAgainstGradientDifferences(ActionGradientTests.Lorenz96Problem(discretization), 50.0);

    [Theory]
    [MemberData(nameof(All))]
    public void NeuronHessianWithStimulusAndFixedParametersMatchesGradientDifferences(Discretization discretization)
    {
        var estimated = new bool[19];
        for (int k = 0; k < 19; k++) estimated[k] = k % 4 != 1; // ENa, gL, … fixed
        CheckAgainstGradientDifferences(ActionGradientTests.NeuronProblem(discretization, estimated), 10.0);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void EvaluationAllocatesNothing(Discretization discretization)
    {
        var estimated = new bool[19];
        Array.Fill(estimated, true);
        var problem = ActionGradientTests.NeuronProblem(discretization, estimated);
        var hessian = new ActionHessian<NaKLNeuron>(problem);
        (double[] z, _) = ActionGradientTests.Point(problem, new Random(2));
        var values = new double[hessian.Pattern.NonZeroCount];
        hessian.Evaluate(z, values);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 50; k++) hessian.Evaluate(z, values);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TrapezoidPatternIsBlockTridiagonalWithAParameterBorder()
    {
        var problem = ActionGradientTests.Lorenz96Problem(Discretization.Trapezoid);
        var hessian = new ActionHessian<Lorenz96D5>(problem);
        int d = 5, offset = problem.ParameterOffset;
        for (int i = 0; i < offset; i++)
            for (int k = hessian.Pattern.RowStart[i]; k < hessian.Pattern.RowStart[i + 1]; k++)
                Assert.True(i / d - hessian.Pattern.ColumnIndex[k] / d <= 1, $"state entry ({i}, {hessian.Pattern.ColumnIndex[k]}) couples non-adjacent times");
        Assert.Equal(offset + 1, hessian.Pattern.RowStart[offset + 1] - hessian.Pattern.RowStart[offset]); // F couples to every state
    }
}
