using System;
using DeepestLearning.Tests.Models;
using Models = DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Derivatives;

/// <summary>Every generated member of the test models, checked numerically (see <see cref="DerivativeChecks{TModel}"/>).</summary>
public class GeneratedModelDerivativeTests
{
    private static ModelPoint Lorenz96Point(Random r, int d) =>
        new(ModelPoint.Uniform(r, d, -10, 10), ModelPoint.Uniform(r, 1, 4, 12), Array.Empty<double>());

    [Fact]
    public void Lorenz63() => DerivativeChecks<Lorenz63>.All(
        r => new ModelPoint(ModelPoint.Uniform(r, 3, -20, 20), new[] { 10 + r.NextDouble(), 28 + r.NextDouble(), 8.0 / 3 + r.NextDouble() }, Array.Empty<double>()), 1);

    [Fact]
    public void Lorenz96D5() => DerivativeChecks<Lorenz96D5>.All(r => Lorenz96Point(r, 5), 2);

    [Fact]
    public void Lorenz96D20() => DerivativeChecks<Lorenz96D20>.All(r => Lorenz96Point(r, 20), 3);

    [Fact]
    public void Lorenz96D100() => DerivativeChecks<Lorenz96D100>.All(r => Lorenz96Point(r, 100), 4, points: 1);

    [Fact]
    public void Lorenz96D1000AllocatesNothingAndMatchesD100Structure()
    {
        var random = new Random(5);
        ModelPoint at = Lorenz96Point(random, 1000);
        DerivativeChecks<Lorenz96D1000>.TransposeProductIsAdjointOfJacobian(at, random);
        DerivativeChecks<Lorenz96D1000>.JacobianPassesTaylorTest(at, random);
        DerivativeChecks<Lorenz96D1000>.MembersAllocateNothing(at);
        Assert.Equal(4000, Lorenz96D1000.JacobianPattern.NonZeroCount - 1000); // four state entries + one F entry per row
        Assert.Equal(2 * 1000, Lorenz96D1000.SecondDerivativePattern.NonZeroCount); // ∂²/∂x₍ᵢ₊₁₎∂x₍ᵢ₋₁₎ and ∂²/∂x₍ᵢ₋₂₎∂x₍ᵢ₋₁₎
    }

    // Models the generator writes as loops over rows (see LoopedModels.cs): the same checks as every model.

    /// <summary>The model's members run loops over rows: the generator emitted its row-loop methods.</summary>
    private static void AssertLooped(Type model)
    {
        foreach (string member in new[] { "VectorField", "Jacobian", "JacobianTransposeProduct", "SecondDerivativeContraction" })
            Assert.NotNull(model.GetMethod("__dl" + member + "Rows0", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static));
    }

    [Fact]
    public void ReactionDiffusionChainLoopBetweenStraightEnds()
    {
        AssertLooped(typeof(ReactionDiffusionChain));
        DerivativeChecks<ReactionDiffusionChain>.All(
            r => new ModelPoint(ModelPoint.Uniform(r, 48, -2, 2), ModelPoint.Uniform(r, 3, 0.5, 1.5), Array.Empty<double>()), 8, points: 2);
    }

    [Fact]
    public void DrivenRingLoopWithPerCellParameters()
    {
        AssertLooped(typeof(DrivenRing));
        DerivativeChecks<DrivenRing>.All(
            r => new ModelPoint(ModelPoint.Uniform(r, 40, -2, 2), ModelPoint.Uniform(r, 41, 0.5, 1.5), ModelPoint.Uniform(r, 1, 0.5, 1.5)), 9, points: 2);
    }

    [Fact]
    public void KuramotoRingLoopWithModularIndices()
    {
        AssertLooped(typeof(KuramotoRing));
        DerivativeChecks<KuramotoRing>.All(
            r => new ModelPoint(ModelPoint.Uniform(r, 40, -3, 3), ModelPoint.Uniform(r, 2, 0.5, 1.5), Array.Empty<double>()), 10, points: 1);
    }

    [Fact]
    public void Lorenz96D100TakesTheLoopPath() => AssertLooped(typeof(Lorenz96D100));

    private static ModelPoint NeuronPoint(Random r) => new(
        new[] { -80 + 120 * r.NextDouble(), 0.1 + 0.8 * r.NextDouble(), 0.1 + 0.8 * r.NextDouble(), 0.1 + 0.8 * r.NextDouble() },
        new[]
        {
            120 * (0.8 + 0.4 * r.NextDouble()), 50 + r.NextDouble(), 20 * (0.8 + 0.4 * r.NextDouble()), -77 + r.NextDouble(),
            0.3 + 0.1 * r.NextDouble(), -54 + r.NextDouble(), 1 + 0.1 * r.NextDouble(),
            -40 + r.NextDouble(), 0.06 + 0.01 * r.NextDouble(), 0.1 + 0.01 * r.NextDouble(), 0.4 + 0.1 * r.NextDouble(),
            -60 + r.NextDouble(), -0.07 + 0.01 * r.NextDouble(), 1 + 0.1 * r.NextDouble(), 7 + r.NextDouble(),
            -55 + r.NextDouble(), 0.03 + 0.01 * r.NextDouble(), 1 + 0.1 * r.NextDouble(), 5 + r.NextDouble(),
        },
        new[] { -5 + 10 * r.NextDouble() });

    [Fact]
    public void NaKLNeuronWithStimulus() => DerivativeChecks<NaKLNeuron>.All(NeuronPoint, 6);

    [Fact]
    public void NaKLNeuronWrittenWithPow() => DerivativeChecks<NaKLNeuronWithPow>.All(NeuronPoint, 6);

    [Fact]
    public void Lorenz96D20WrittenWithIndexLocals() => DerivativeChecks<Lorenz96D20Locals>.All(r => Lorenz96Point(r, 20), 3);

    /// <summary>
    /// Two declarations of one model generate the same model: the samples' neuron against its Math.Pow form, the samples'
    /// Lorenz96 (D = 20) against its named-index form — vector field and Jacobian to 1e-13 of their scale, the same sparsity.
    /// </summary>
    [Fact]
    public void TwoDeclarationsOfOneModelAgree()
    {
        var random = new Random(17);
        for (int k = 0; k < 5; k++)
        {
            ModelPoint neuron = NeuronPoint(random), lorenz = Lorenz96Point(random, 20);
            AssertSame(NaKLNeuron.VectorField, NaKLNeuronWithPow.VectorField, neuron, 4);
            AssertSame(NaKLNeuron.Jacobian, NaKLNeuronWithPow.Jacobian, neuron, NaKLNeuron.JacobianPattern.NonZeroCount);
            AssertSame(SampleModels.Lorenz96D20.VectorField, Lorenz96D20Locals.VectorField, lorenz, 20);
            AssertSame(SampleModels.Lorenz96D20.Jacobian, Lorenz96D20Locals.Jacobian, lorenz, SampleModels.Lorenz96D20.JacobianPattern.NonZeroCount);
        }
        Assert.Equal(NaKLNeuron.JacobianPattern.ColumnIndex.ToArray(), NaKLNeuronWithPow.JacobianPattern.ColumnIndex.ToArray());
        Assert.Equal(NaKLNeuron.JacobianPattern.RowStart.ToArray(), NaKLNeuronWithPow.JacobianPattern.RowStart.ToArray());
        Assert.Equal(SampleModels.Lorenz96D20.SecondDerivativePattern.ColumnIndex.ToArray(), Lorenz96D20Locals.SecondDerivativePattern.ColumnIndex.ToArray());
    }

    private delegate void Member(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> output);

    private static void AssertSame(Member expected, Member actual, ModelPoint at, int length)
    {
        double[] a = new double[length], b = new double[length];
        expected(at.X, at.P, at.U, a);
        actual(at.X, at.P, at.U, b);
        double scale = 0;
        foreach (double v in a) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-13 * scale, $"entry {i}: {a[i]:R} against {b[i]:R}");
    }

    [Fact]
    public void ActivationCalledInsideLoop() => DerivativeChecks<ActivationChain>.All(
        r => new ModelPoint(ModelPoint.Uniform(r, 3, -2, 2), ModelPoint.Uniform(r, 13, 0.2, 1.5), Array.Empty<double>()), 7);

    [Fact]
    public void WrongSpanLengthsNameTheArgument()
    {
        var f = new double[20];
        var error = Assert.Throws<ArgumentException>(() => DeepestLearning.SampleModels.Lorenz96D20.VectorField(new double[19], new double[1], default, f));
        Assert.Equal("x", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => DeepestLearning.SampleModels.Lorenz96D20.Jacobian(new double[20], new double[1], default, new double[3]));
        Assert.Equal("values", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => NaKLNeuron.VectorField(new double[4], new double[19], default, new double[4]));
        Assert.Equal("u", error.ParamName);
    }
}
