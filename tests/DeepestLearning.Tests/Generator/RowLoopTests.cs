using System;
using System.Linq;
using Xunit;

namespace DeepestLearning.Tests.Generator;

/// <summary>
/// Rows that repeat one expression at shifted indices are emitted as loops: the emitted source (code and
/// the periodic code of the patterns) does not grow with the number of rows, and models with fewer rows
/// than a loop is worth stay straight-line.
/// </summary>
public class RowLoopTests
{
    private static string Lorenz96(int d) => $$"""
        using System;
        using DeepestLearning;

        [DynamicalModel(States = {{d}}, Parameters = 1)]
        public partial class L96
        {
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
            {
                const int D = {{d}};
                for (int i = 0; i < D; i++)
                    dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
            }
        }
        """;

    [Fact]
    public void StencilSourceDoesNotGrowWithTheNumberOfRows()
    {
        GeneratorHarness.Result small = GeneratorHarness.Run(Lorenz96(200)), large = GeneratorHarness.Run(Lorenz96(5000));
        Assert.Empty(small.GeneratorDiagnostics);
        Assert.Empty(large.GeneratorDiagnostics);
        Assert.Empty(large.CompilationDiagnostics);
        // The same lines at every D (code and the periodic code of the patterns), only the numbers differ.
        Assert.Equal(small.SingleSource.Split('\n').Length, large.SingleSource.Split('\n').Length);
        Assert.True(large.SingleSource.Length < 20_000, $"{large.SingleSource.Length} characters");
        Assert.Contains("for (int i = 2; i < 4999; i++)", large.SingleSource);
        // The loops read plain affine indices: no % where x is read.
        Assert.DoesNotContain(large.SingleSource.Split('\n'), line => line.Contains("x[", System.StringComparison.Ordinal) && line.Contains('%'));
    }

    [Fact]
    public void FewRowsStayStraightLine()
    {
        GeneratorHarness.Result result = GeneratorHarness.Run(Lorenz96(31));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.DoesNotContain("for (int i", result.SingleSource);
    }

    [Fact]
    public void RowsSharingWorkStayStraightLine()
    {
        // Every row reads the mean field m: a loop would recompute it per row.
        const string source = """
            using System;
            using DeepestLearning;

            [DynamicalModel(States = 40, Parameters = 1)]
            public partial class MeanField
            {
                [VectorField]
                static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
                {
                    double m = 0;
                    for (int j = 0; j < 40; j++) m += Math.Tanh(x[j]);
                    for (int i = 0; i < 40; i++) dxdt[i] = p[0] * m - x[i];
                }
            }
            """;
        GeneratorHarness.Result result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationDiagnostics);
        Assert.DoesNotContain("for (int i", result.SingleSource);
    }
}
