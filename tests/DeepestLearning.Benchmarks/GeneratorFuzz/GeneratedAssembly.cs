using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using DeepestLearning.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeepestLearning.Fuzzing;

/// <summary>
/// Runs the generator over a batch of model sources (one syntax tree each, so every diagnostic can
/// be traced to its model), and on request compiles and loads the result into a collectible load
/// context, so that tens of thousands of models do not pile up in the process.
/// </summary>
public sealed class GeneratedAssembly
{
    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(IDynamicalModel<>).Assembly.Location))
            .ToArray();
    });

    /// <summary>The platform assemblies and the runtime: what a model compilation references (also the tests' generator harness).</summary>
    public static MetadataReference[] References => s_references.Value;

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Preview);

    private GeneratedAssembly(CSharpCompilation input, Compilation output, GeneratorDriverRunResult run, ImmutableArray<Diagnostic> generatorDiagnostics)
    {
        Input = input;
        Output = output;
        Run = run;
        GeneratorDiagnostics = generatorDiagnostics;
    }

    public CSharpCompilation Input { get; }
    public Compilation Output { get; }
    public GeneratorDriverRunResult Run { get; }

    /// <summary>Everything the driver reported: DL diagnostics, and CS8784/CS8785 if a generator threw.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; }

    /// <summary>Exceptions the generator threw (the driver turns them into CS8785 warnings).</summary>
    public IEnumerable<Exception> GeneratorExceptions => Run.Results.Where(r => r.Exception is not null).Select(r => r.Exception!);

    /// <summary>Source i becomes the tree "Model{i}.cs".</summary>
    public static string PathOf(int index) => $"Model{index}.cs";

    public static GeneratedAssembly Generate(IReadOnlyList<string> sources)
    {
        CSharpCompilation compilation = CSharpCompilation.Create("Fuzz" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_parseOptions, path: PathOf(i))),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DeepestLearningGenerator().AsSourceGenerator() }, parseOptions: s_parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratedAssembly(compilation, output, driver.GetRunResult(), diagnostics);
    }

    /// <summary>Errors of the compilation with the generated sources added (user code and generated code).</summary>
    public IReadOnlyList<Diagnostic> CompilationErrors() =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>Compiles the output and loads it; throws with the first errors if it does not compile.</summary>
    public Assembly Load(out AssemblyLoadContext context)
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = Output.Emit(image);
        if (!result.Success)
            throw new FuzzFailure("the generated code does not compile: " +
                string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        image.Position = 0;
        context = new AssemblyLoadContext("fuzz", isCollectible: true);
        return context.LoadFromStream(image);
    }
}

/// <summary>A property of the generator that does not hold for one model; the message says which and why.</summary>
public sealed class FuzzFailure : Exception
{
    public FuzzFailure(string message) : base(message)
    {
    }
}
