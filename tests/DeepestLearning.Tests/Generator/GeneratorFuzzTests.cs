using DeepestLearning.Fuzzing;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Generator;

/// <summary>
/// The seeded generator fuzz (tests/DeepestLearning.Benchmarks/GeneratorFuzz): 2 000 random valid and
/// invalid bodies per run. The long mode (≥ 20 000 bodies) is `dotnet run -c Release --project
/// tests/DeepestLearning.Benchmarks -- fuzz`.
/// </summary>
public class GeneratorFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomBodiesAreDifferentiatedExactlyOrRejectedWithALocatedDiagnostic()
    {
        FuzzReport report = GeneratorFuzz.Run(seed: 20260, bodies: 2000);
        output.WriteLine(report.ToString());
        Assert.Equal(2000, report.Bodies);
        Assert.True(report.Valid > 1000 && report.Invalid > 400, report.ToString());
        Assert.True(report.Failures.Count == 0, report + "\n\n" + string.Join("\n\n", report.Failures.Take(5)));
    }
}
