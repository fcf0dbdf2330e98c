using System;
using System.Linq;
using Xunit;

namespace DeepestLearning.Tests.Generator;

/// <summary>
/// Rows that repeat one expression at shifted indices are emitted as loops: the code does not grow
/// with the number of rows (only the pattern and slot tables, which are data, do), and models with
/// fewer rows than a loop is worth stay straight-line.
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

    /// <summary>The emitted source without the lines of integer tables (patterns and slots).</summary>
    private static string[] CodeLines(string source) =>
        source.Split('\n').Where(line => !line.TrimStart().All(c => char.IsDigit(c) || c is ',' or ' ')).ToArray();

    [Fact]
    public void StencilCodeDoesNotGrowWithTheNumberOfRows()
    {
        GeneratorHarness.Result small = GeneratorHarness.Run(Lorenz96(200)), large = GeneratorHarness.Run(Lorenz96(5000));
        Assert.Empty(small.GeneratorDiagnostics);
        Assert.Empty(large.GeneratorDiagnostics);
        Assert.Empty(large.CompilationDiagnostics);
        Assert.Equal(CodeLines(small.SingleSource).Length, CodeLines(large.SingleSource).Length);
        Assert.Contains("for (int i = 2; i < 4999; i++)", large.SingleSource);
        Assert.DoesNotContain("%", string.Join("\n", CodeLines(large.SingleSource)));
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
