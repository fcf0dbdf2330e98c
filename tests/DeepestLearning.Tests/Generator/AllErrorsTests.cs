using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DeepestLearning.Tests.Generator;

/// <summary>
/// A model with several mistakes gets a diagnostic for each (issue 13, item 6), so a user fixes
/// them in one round instead of one build per error.
/// </summary>
public class AllErrorsTests
{
    [Fact]
    public void EveryUnsupportedExpressionOfABodyIsReported()
    {
        const string source = """
            using System;
            using DeepestLearning;
            [DynamicalModel(States = 3, Parameters = 1)]
            public partial class M
            {
                [VectorField]
                static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
                {
                    dxdt[0] = Math.Max(x[0], 1.0);
                    dxdt[1] = x[1] % 2.0;
                    dxdt[2] = Math.Min(x[2], p[0]);
                }
            }
            """;
        var result = GeneratorHarness.Run(source);
        string[] ids = result.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToArray();
        Assert.Equal(new[] { "DL0009", "DL0008", "DL0009" }, ids);
        int[] lines = result.GeneratorDiagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).ToArray();
        Assert.Equal(new[] { 8, 9, 10 }, lines);
    }

    [Fact]
    public void ErrorsInTheDeclarationAndTheBodyAreReportedTogether()
    {
        const string source = """
            using System;
            using DeepestLearning;
            [DynamicalModel(States = 2, Parameters = 1)]
            public partial class M
            {
                [VectorField]
                static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
                {
                    dxdt[0] = Math.Max(x[0], p[0]);
                    dxdt[1] = x[5];
                }
            }
            """;
        var result = GeneratorHarness.Run(source);
        string[] ids = result.GeneratorDiagnostics.Select(d => d.Id).OrderBy(id => id).ToArray();
        Assert.Equal(new[] { "DL0009", "DL0012" }, ids);
    }
}
