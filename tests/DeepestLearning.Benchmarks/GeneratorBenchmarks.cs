using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using DeepestLearning.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// Generation time of a dense [LayeredNetwork] for widths 10, 100 and 784 (20 layers): parse, symbolic
/// derivatives of the activation and emission. A dense layer is emitted as loops over one generic
/// row, so the time and the emitted size do not grow with the width.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    [Params(10, 100, 784)]
    public int Width;

    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        string source = $$"""
            using System;
            using DeepestLearning;
            [LayeredNetwork(Width = {{Width}}, Layers = 20, OutputWidth = 10)]
            public partial class Net
            {
                [Activation]
                static double Sigmoid(double a) => 1.0 / (1.0 + Math.Exp(-a));
            }
            """;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var references = trusted.Split(Path.PathSeparator).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(ILayeredNetwork<>).Assembly.Location));
        _compilation = CSharpCompilation.Create("Generation", new[] { CSharpSyntaxTree.ParseText(source) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriverRunResult check = Generate();
        if (check.Diagnostics.Length > 0 || check.GeneratedTrees.Length != 1) throw new InvalidOperationException("the generator did not emit the network.");
        Console.WriteLine($"// width {Width}: emitted {check.GeneratedTrees[0].Length} characters");
    }

    [Benchmark(Description = "generate dense network (20 layers)")]
    public int GenerateNetwork() => Generate().GeneratedTrees[0].Length;

    private GeneratorDriverRunResult Generate() =>
        CSharpGeneratorDriver.Create(new DeepestLearningGenerator()).RunGenerators(_compilation).GetRunResult();
}
