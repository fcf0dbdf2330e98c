using System;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Derivatives;

/// <summary>The generated [Measurement] members of the test models, checked numerically (<see cref="MeasurementChecks{TModel}"/>), and the defaults of a model without one.</summary>
public class GeneratedMeasurementDerivativeTests
{
    [Fact]
    public void SensedLorenz96TanhOfSumsAndASquare()
    {
        MeasurementChecks<SensedLorenz96>.All(r => new ModelPoint(ModelPoint.Uniform(r, 6, -1.5, 1.5), ModelPoint.Uniform(r, 2, 0.5, 2), Array.Empty<double>()), 11);
        // Exactly the structural entries: sensors 0–3 see two components and the gain, sensor 4 sees x₅.
        Assert.Equal(4 * 3 + 1, SensedLorenz96.MeasurementJacobianPattern.NonZeroCount);
        Assert.False(SensedLorenz96.MeasurementJacobianPattern.Contains(0, 6)); // F does not reach a sensor
        Assert.Equal(5, SensedLorenz96.MeasurementCount);
    }

    [Fact]
    public void SensedOscillatorWithStimulusAndParameter() => MeasurementChecks<SensedOscillator>.All(
        r => new ModelPoint(ModelPoint.Uniform(r, 2, -2, 2), ModelPoint.Uniform(r, 2, 0.2, 1.2), ModelPoint.Uniform(r, 1, 0.5, 1.5)), 12);

    /// <summary>A row of identical sensors is emitted as a loop over outputs (like a vector field's stencil) and passes every check.</summary>
    [Fact]
    public void SensorRowIsLoopedAndExact()
    {
        foreach (string member in new[] { "Measurement", "MeasurementJacobian", "MeasurementJacobianTransposeProduct", "MeasurementSecondDerivativeContraction" })
            Assert.NotNull(typeof(SensedRing).GetMethod("__dl" + member + "Rows0", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static));
        MeasurementChecks<SensedRing>.All(r => new ModelPoint(ModelPoint.Uniform(r, 40, -10, 10), ModelPoint.Uniform(r, 2, 0.5, 2), Array.Empty<double>()), 14, points: 2);
        DerivativeChecks<SensedRing>.All(r => new ModelPoint(ModelPoint.Uniform(r, 40, -10, 10), ModelPoint.Uniform(r, 2, 4, 12), Array.Empty<double>()), 15, points: 1);
        Assert.Equal(40 * 3 + 2, SensedRing.MeasurementJacobianPattern.NonZeroCount);
    }

    /// <summary>Looped sensors after a straight-line vector field, two sensors on every pair: shared second-derivative entries are summed.</summary>
    [Fact]
    public void LoopedSensorsSharingEntriesAfterStraightVectorField()
    {
        Assert.NotNull(typeof(SensedShortRing).GetMethod("__dlMeasurementSecondDerivativeContractionRows0", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static));
        Assert.Null(typeof(SensedShortRing).GetMethod("__dlVectorFieldRows0", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static));
        MeasurementChecks<SensedShortRing>.All(r => new ModelPoint(ModelPoint.Uniform(r, 20, -2, 2), ModelPoint.Uniform(r, 2, 0.5, 2), Array.Empty<double>()), 16, points: 2);
    }

    [Fact]
    public void VectorFieldOfAMeasuredModelIsStillChecked() =>
        DerivativeChecks<SensedLorenz96>.All(r => new ModelPoint(ModelPoint.Uniform(r, 6, -10, 10), ModelPoint.Uniform(r, 2, 4, 12), Array.Empty<double>()), 13, points: 1);

    [Fact]
    public void ModelWithoutMeasurementHasNoneAndSaysSo()
    {
        Assert.Equal(0, Count<Lorenz96D5>());
        var error = Assert.Throws<NotSupportedException>(() => Measure<Lorenz96D5>());
        Assert.Contains("Lorenz96D5 declares no [Measurement]", error.Message);
    }

    [Fact]
    public void WrongSpanLengthsNameTheArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => SensedLorenz96.Measurement(new double[6], new double[2], default, new double[4]));
        Assert.Equal("y", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => SensedLorenz96.MeasurementJacobianTransposeProduct(new double[6], new double[2], default, new double[4], new double[8]));
        Assert.Equal("w", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => SensedOscillator.Measurement(new double[2], new double[2], default, new double[2]));
        Assert.Equal("u", error.ParamName);
    }

    private static int Count<TModel>() where TModel : IDynamicalModel<TModel> => TModel.MeasurementCount;

    private static void Measure<TModel>() where TModel : IDynamicalModel<TModel> => TModel.Measurement(new double[TModel.StateCount], new double[TModel.ParameterCount], default, new double[1]);
}
