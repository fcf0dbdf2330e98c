using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DeepestLearning.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Generator;

/// <summary>The pipeline caches: unrelated edits do no work; editing the vector field regenerates.</summary>
public class IncrementalCachingTests
{
    private readonly ITestOutputHelper _output;

    public IncrementalCachingTests(ITestOutputHelper output) => _output = output;

    private const string Model = """
        using System;
        using DeepestLearning;

        [DynamicalModel(States = 3, Parameters = 3)]
        public partial class Lorenz63
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

    private const string Unrelated = "public static class Helper { public static int Answer => 42; }";

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    /// <summary>
    /// Generates <paramref name="source"/> next to an unrelated file, then edits only the unrelated file:
    /// the parse and spec steps must be cached. Returns the driver, the edited compilation and the first output.
    /// </summary>
    private static (GeneratorDriver Driver, CSharpCompilation Edited, string FirstSource) EditUnrelatedFile(string source, string parseStep, string specStep)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(source, Unrelated);
        GeneratorDriver driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        string firstSource = driver.GetRunResult().GeneratedTrees.Single().ToString();
        SyntaxTree unrelatedTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Model1.cs");
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(unrelatedTree,
            CSharpSyntaxTree.ParseText(Unrelated.Replace("42", "43"), GeneratorHarness.ParseOptions, path: "Model1.cs"));
        driver = driver.RunGenerators(edited);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.All(Reasons(result, parseStep), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(result, specStep), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        return (driver, edited, firstSource);
    }

    [Fact]
    public void UnrelatedEditIsCachedAndVectorFieldEditRegenerates()
    {
        var (driver, edited, firstSource) = EditUnrelatedFile(Model, TrackingNames.Parse, TrackingNames.Model);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        // A comment added to the model's own file re-runs the parse, but the spec is equal: no re-emission.
        SyntaxTree modelTree = edited.SyntaxTrees.Single(t => t.FilePath == "Model0.cs");
        CSharpCompilation commented = edited.ReplaceSyntaxTree(modelTree,
            CSharpSyntaxTree.ParseText("// a comment at the end\n" + Model.Replace("public partial class", "public partial class"), GeneratorHarness.ParseOptions, path: "Model0.cs"));
        driver = driver.RunGenerators(commented);
        result = driver.GetRunResult().Results.Single();
        Assert.All(Reasons(result, TrackingNames.Model), r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, r.ToString()));

        // Editing the vector field regenerates the source.
        CSharpCompilation changed = commented.ReplaceSyntaxTree(commented.SyntaxTrees.Single(t => t.FilePath == "Model0.cs"),
            CSharpSyntaxTree.ParseText(Model.Replace("- p[2] * x[2]", "- p[2] * x[2] * x[2]"), GeneratorHarness.ParseOptions, path: "Model0.cs"));
        driver = driver.RunGenerators(changed);
        result = driver.GetRunResult().Results.Single();
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Model));
        Assert.NotEqual(firstSource, driver.GetRunResult().GeneratedTrees.Single().ToString());
    }

    private const string Network = """
        using System;
        using DeepestLearning;

        [LayeredNetwork(Width = 4, Layers = 3)]
        public partial class Net
        {
            [Activation]
            static double G(double a) => Math.Tanh(a);
        }
        """;

    [Fact]
    public void NetworkBranchCachesUnrelatedEditsAndRegeneratesOnShapeChange()
    {
        var (driver, edited, firstSource) = EditUnrelatedFile(Network, TrackingNames.ParseNetwork, TrackingNames.Network);
        GeneratorRunResult result;

        CSharpCompilation deeper = edited.ReplaceSyntaxTree(edited.SyntaxTrees.Single(t => t.FilePath == "Model0.cs"),
            CSharpSyntaxTree.ParseText(Network.Replace("Layers = 3", "Layers = 5"), GeneratorHarness.ParseOptions, path: "Model0.cs"));
        driver = driver.RunGenerators(deeper);
        result = driver.GetRunResult().Results.Single();
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Network));
        Assert.NotEqual(firstSource, driver.GetRunResult().GeneratedTrees.Single().ToString());
    }

    private const string Sensed = """
        using System;
        using DeepestLearning;

        [DynamicalModel(States = 2, Parameters = 1)]
        public partial class Sensed
        {
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
            {
                dxdt[0] = x[1];
                dxdt[1] = -p[0] * x[0];
            }

            [Measurement(Outputs = 1)]
            static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) => y[0] = Math.Tanh(x[0] + x[1]);
        }
        """;

    [Fact]
    public void MeasurementIsPartOfTheCachedSpec()
    {
        var (driver, edited, firstSource) = EditUnrelatedFile(Sensed, TrackingNames.Parse, TrackingNames.Model);
        Assert.Contains("MeasurementJacobian", firstSource);

        // Editing only the measurement regenerates; the new derivative is in the source.
        CSharpCompilation changed = edited.ReplaceSyntaxTree(edited.SyntaxTrees.Single(t => t.FilePath == "Model0.cs"),
            CSharpSyntaxTree.ParseText(Sensed.Replace("Math.Tanh(x[0] + x[1])", "Math.Tanh(x[0] * x[1])"), GeneratorHarness.ParseOptions, path: "Model0.cs"));
        driver = driver.RunGenerators(changed);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Model));
        Assert.NotEqual(firstSource, driver.GetRunResult().GeneratedTrees.Single().ToString());
    }

    private static string Lorenz96(int d) => $$"""
        using System;
        using DeepestLearning;

        [DynamicalModel(States = {{d}}, Parameters = 1)]
        public partial class Lorenz96
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

    /// <summary>Prints generation time for D = 100 and D = 1000 (the README quotes these); asserts only correctness.</summary>
    [Fact]
    public void GenerationTimeForLargeLorenz96()
    {
        // Warm up the generator and Roslyn once so the figures are steady-state.
        GeneratorHarness.Run(Lorenz96(10));
        foreach (int d in new[] { 100, 1000 })
        {
            CSharpCompilation compilation = GeneratorHarness.Compilation(Lorenz96(d));
            var watch = Stopwatch.StartNew();
            GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
            watch.Stop();
            var run = driver.GetRunResult();
            Assert.Empty(run.Diagnostics);
            string source = run.GeneratedTrees.Single().ToString();
            _output.WriteLine($"Lorenz96 D = {d}: generated {source.Length / 1024} KiB of C# in {watch.Elapsed.TotalMilliseconds:F0} ms");
            System.Console.WriteLine($"[generation] Lorenz96 D = {d}: {watch.Elapsed.TotalMilliseconds:F0} ms, {source.Length / 1024} KiB");
        }
    }
}
