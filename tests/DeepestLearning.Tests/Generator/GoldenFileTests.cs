using System.Linq;
using Xunit;

namespace DeepestLearning.Tests.Generator;

/// <summary>Golden-file tests of the emitted source: any change to the output is reviewed.</summary>
public class GoldenFileTests
{
    private const string Lorenz96 = """
        using System;
        using DeepestLearning;

        namespace Samples;

        [DynamicalModel(States = 6, Parameters = 1)]
        public partial class Lorenz96
        {
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
            {
                const int D = 6;
                for (int i = 0; i < D; i++)
                    dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
            }
        }
        """;

    private const string Lorenz63 = """
        using System;
        using DeepestLearning;

        [DynamicalModel(States = 3, Parameters = 3)]
        public partial struct Lorenz63
        {
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
            {
                dxdt[0] = p[0] * (x[1] - x[0]);
                dxdt[1] = x[0] * (p[1] - x[2]) - x[1];
                dxdt[2] = x[0] * x[1] - p[2] * x[2];
            }
        }
        """;

    private const string DrivenNeuron = """
        using System;
        using DeepestLearning;

        namespace Samples.Neurons;

        public static partial class Outer
        {
            /// <summary>A FitzHugh–Nagumo cell with a tanh-gated input current, nested in a partial class.</summary>
            [DynamicalModel(States = 2, Parameters = 4, Stimuli = 1)]
            public partial class GatedFitzHughNagumo
            {
                [Activation]
                static double Gate(double v) => 0.5 * (1 + Math.Tanh(v));

                [VectorField]
                static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt)
                {
                    double v = x[0], w = x[1];
                    double drive = p[3] * Gate(u[0]);
                    dxdt[0] = v - Math.Pow(v, 3) / 3 - w + drive;
                    dxdt[1] = (v + p[0] - p[1] * w) / p[2];
                }
            }
        }
        """;

    private const string DenseNetwork = """
        using System;
        using DeepestLearning;

        namespace Samples.Networks;

        [LayeredNetwork(Width = 10, Layers = 20, InputWidth = 2, OutputWidth = 1)]
        public partial class SigmoidNet
        {
            [Activation]
            static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));
        }
        """;

    private const string ResidualNetwork = """
        using System;
        using DeepestLearning;

        [LayeredNetwork(Width = 2, Layers = 8, WeightsPerLayer = 6)]
        public partial struct ResidualNet
        {
            [LayerMap]
            static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)
            {
                for (int i = 0; i < 2; i++)
                    next[i] = x[i] + 0.25 * Math.Tanh(w[3 * i] * x[0] + w[3 * i + 1] * x[1] + w[3 * i + 2]);
            }
        }
        """;

    // D = 32 rows repeat one expression at shifted indices: emitted as loops over i (pieces split where
    // the cyclic indices wrap) with slot tables for the pattern positions.
    private const string Lorenz96Looped = """
        using System;
        using DeepestLearning;

        [DynamicalModel(States = 32, Parameters = 1)]
        public partial class Lorenz96Looped
        {
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
            {
                const int D = 32;
                for (int i = 0; i < D; i++)
                    dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
            }
        }
        """;

    // A loop over the middle rows between two straight-line end rows, with second derivatives in (p, x).
    private const string ReactionDiffusionChain = """
        using System;
        using DeepestLearning;

        [DynamicalModel(States = 34, Parameters = 3)]
        public partial struct Chain
        {
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
            {
                const int D = 34;
                dxdt[0] = p[0] - x[0] * x[1];
                for (int i = 1; i < D - 1; i++)
                    dxdt[i] = p[1] * (x[i - 1] - 2 * x[i] + x[i + 1]) + p[2] * Math.Sin(x[i]) * x[i + 1];
                dxdt[D - 1] = x[D - 2] - x[D - 1] * x[D - 1];
            }
        }
        """;

    // A sensor that sees tanh of the sum of two components with a gain read by the sensor alone, and a
    // stimulus-dependent sensor: the measurement members follow the vector field's.
    private const string SensedOscillator = """
        using System;
        using DeepestLearning;

        namespace Samples.Sensors;

        [DynamicalModel(States = 3, Parameters = 2, Stimuli = 1)]
        public partial class SensedOscillator
        {
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt)
            {
                dxdt[0] = x[1];
                dxdt[1] = -x[0] - p[0] * x[1] + u[0];
                dxdt[2] = x[0] - x[2];
            }

            [Measurement(Outputs = 2)]
            static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> y)
            {
                y[0] = p[1] * Math.Tanh(x[0] + x[2]);
                y[1] = x[1] * x[1] + u[0];
            }
        }
        """;

    // A straight-line vector field (D = 20 is below the loop threshold) with 40 sensors in a row: the measurement
    // members are loops over outputs, and the file carries the pattern decoder once, for them.
    private const string SensedShortRing = """
        using System;
        using DeepestLearning;

        [DynamicalModel(States = 20, Parameters = 2)]
        public partial class SensedShortRing
        {
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
            {
                const int D = 20;
                for (int i = 0; i < D; i++)
                    dxdt[i] = x[(i + 1) % D] - x[i] + p[0];
            }

            [Measurement(Outputs = 40)]
            static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y)
            {
                for (int l = 0; l < 40; l++) y[l] = p[1] * x[l % 20] * x[(l + 3) % 20];
            }
        }
        """;

    [Theory]
    [InlineData("SensedShortRing", SensedShortRing)]
    [InlineData("SensedOscillator", SensedOscillator)]
    [InlineData("Lorenz96Looped", Lorenz96Looped)]
    [InlineData("ReactionDiffusionChain", ReactionDiffusionChain)]
    [InlineData("SigmoidNet", DenseNetwork)]
    [InlineData("ResidualNet", ResidualNetwork)]
    [InlineData("Lorenz96", Lorenz96)]
    [InlineData("Lorenz63", Lorenz63)]
    [InlineData("GatedFitzHughNagumo", DrivenNeuron)]
    public void EmittedSourceMatchesGoldenFile(string name, string source)
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationDiagnostics);
        GoldenFile.Verify(name, result.SingleSource);
    }

    [Fact]
    public void HintNameIsTheFullTypeName()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(DrivenNeuron);
        Assert.EndsWith("Samples.Neurons.Outer.GatedFitzHughNagumo.DeepestLearning.g.cs", result.Run.GeneratedTrees.Single().FilePath);
    }

    [Fact]
    public void OutputIsDeterministic()
    {
        string first = GeneratorHarness.Run(Lorenz96).SingleSource;
        string second = GeneratorHarness.Run(Lorenz96).SingleSource;
        Assert.Equal(first, second);
    }
}
