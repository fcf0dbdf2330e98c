using System;
using DeepestLearning.Tests.Models;
using Models = DeepestLearning.Tests.Models;
using Xunit;

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

    [Fact]
    public void NaKLNeuronWithStimulus() => DerivativeChecks<NaKLNeuron>.All(r => new ModelPoint(
        new[] { -80 + 120 * r.NextDouble(), 0.1 + 0.8 * r.NextDouble(), 0.1 + 0.8 * r.NextDouble(), 0.1 + 0.8 * r.NextDouble() },
        new[]
        {
            120 * (0.8 + 0.4 * r.NextDouble()), 50 + r.NextDouble(), 20 * (0.8 + 0.4 * r.NextDouble()), -77 + r.NextDouble(),
            0.3 + 0.1 * r.NextDouble(), -54 + r.NextDouble(), 1 + 0.1 * r.NextDouble(),
            -40 + r.NextDouble(), 0.06 + 0.01 * r.NextDouble(), 0.1 + 0.01 * r.NextDouble(), 0.4 + 0.1 * r.NextDouble(),
            -60 + r.NextDouble(), -0.07 + 0.01 * r.NextDouble(), 1 + 0.1 * r.NextDouble(), 7 + r.NextDouble(),
            -55 + r.NextDouble(), 0.03 + 0.01 * r.NextDouble(), 1 + 0.1 * r.NextDouble(), 5 + r.NextDouble(),
        },
        new[] { -5 + 10 * r.NextDouble() }), 6);

    [Fact]
    public void ActivationCalledInsideLoop() => DerivativeChecks<ActivationChain>.All(
        r => new ModelPoint(ModelPoint.Uniform(r, 3, -2, 2), ModelPoint.Uniform(r, 13, 0.2, 1.5), Array.Empty<double>()), 7);

    [Fact]
    public void WrongSpanLengthsNameTheArgument()
    {
        var f = new double[20];
        var error = Assert.Throws<ArgumentException>(() => Models.Lorenz96D20.VectorField(new double[19], new double[1], default, f));
        Assert.Equal("x", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => Models.Lorenz96D20.Jacobian(new double[20], new double[1], default, new double[3]));
        Assert.Equal("values", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => NaKLNeuron.VectorField(new double[4], new double[19], default, new double[4]));
        Assert.Equal("u", error.ParamName);
    }
}
