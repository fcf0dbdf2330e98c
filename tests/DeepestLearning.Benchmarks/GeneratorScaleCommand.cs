using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using DeepestLearning.Fuzzing;
using DeepestLearning.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// "generator-scale [case …] [--timeout s] [--dump dir]": how generation, emitted size and compilation grow with the
/// model for large models written the way a user writes them. Each case is run in-process: the
/// generator alone (timed, capped by the timeout through its cancellation token), then the C#
/// compilation of the user source plus the generated source to an assembly (timed; its size is
/// the emitted IL, metadata and data), then the compiled members timed at a random point. Cases: l96-100, l96-1000, l96-10000, dense-100, dense-1000,
/// ring-1000 (dense coupling written over cyclic offsets), rec-N (a recurrence N steps deep inside one row).
/// </summary>
public static class GeneratorScaleCommand
{
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Preview);
    private static string? s_dump;

    public static int Run(string[] args)
    {
        double timeout = 120;
        var cases = new List<string>();
        for (int a = 0; a < args.Length; a++)
        {
            if (args[a] == "--timeout") timeout = double.Parse(args[++a], CultureInfo.InvariantCulture);
            else if (args[a] == "--dump") s_dump = args[++a];
            else cases.Add(args[a]);
        }
        if (cases.Count == 0) cases.AddRange(new[] { "l96-100", "l96-1000", "dense-100", "dense-1000" });

        Console.WriteLine("| model | generation | generated source | compilation | assembly | F | wᵀJ | Σ wᵢ∇²Fᵢ | first calls (JIT) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (string name in cases) Console.WriteLine(Measure(name, Source(name), timeout));
        return 0;
    }

    private static string Source(string name)
    {
        int dash = name.LastIndexOf('-');
        int d = int.Parse(name.AsSpan(dash + 1), CultureInfo.InvariantCulture);
        string body = name.Substring(0, dash) switch
        {
            // Lorenz96 as a user writes it: one loop over i, cyclic neighbours through %.
            "l96" => $$"""
                for (int i = 0; i < D; i++)
                    dxdt[i] = (x[(i + 1) % D] - x[(i + D - 2) % D]) * x[(i + D - 1) % D] - x[i] + p[0];
                """,
            // Mean-field (Kuramoto-like) coupling: every component reads every other, a dense Jacobian.
            "dense" => $$"""
                for (int i = 0; i < D; i++)
                {
                    double s = 0;
                    for (int j = 0; j < D; j++) s += Math.Sin(x[j] - x[i]);
                    dxdt[i] = p[0] - x[i] + p[1] / D * s;
                }
                """,
            // The same coupling written over offsets k = 1 … D−1 from i.
            "ring" => $$"""
                for (int i = 0; i < D; i++)
                {
                    double s = 0;
                    for (int k = 1; k < D; k++) s += Math.Sin(x[(i + k) % D] - x[i]);
                    dxdt[i] = p[0] - x[i] + p[1] / D * s;
                }
                """,
            // A recurrence inside one row, N steps deep (here D only names the step count; the model has 2 states).
            "rec" => $$"""
                double a = x[0];
                for (int k = 0; k < D; k++) a = Math.Sin(a) * p[0] + x[1] * p[1];
                dxdt[0] = a;
                dxdt[1] = -x[1];
                """,
            _ => throw new ArgumentException("unknown case " + name),
        };
        return $$"""
            using System;
            using DeepestLearning;
            [DynamicalModel(States = {{(name.StartsWith("rec", StringComparison.Ordinal) ? 2 : d)}}, Parameters = {{(name.StartsWith("l96", StringComparison.Ordinal) ? 1 : 2)}})]
            public partial class Scale
            {
                const int D = {{d}};
                [VectorField]
                static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
                {
                    {{body}}
                }
            }
            """;
    }

    private static string Measure(string name, string source, double timeout)
    {
        CSharpCompilation input = CSharpCompilation.Create("Scale", new[] { CSharpSyntaxTree.ParseText(source, s_parseOptions) },
            GeneratedAssembly.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DeepestLearningGenerator().AsSourceGenerator() }, parseOptions: s_parseOptions);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(timeout));
        var clock = Stopwatch.StartNew();
        Compilation output;
        try
        {
            driver = driver.RunGeneratorsAndUpdateCompilation(input, out output, out _, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return $"| {name} | > {timeout:0} s (stopped) | – | – | – | – | – | – | – |";
        }
        double generation = clock.Elapsed.TotalSeconds;
        GeneratorRunResult run = driver.GetRunResult().Results[0];
        if (run.Diagnostics.Length > 0 || run.GeneratedSources.Length != 1)
            return $"| {name} | {generation:0.00} s | {string.Join("; ", run.Diagnostics.Take(2))} | – | – | – | – | – | – |";
        long characters = run.GeneratedSources[0].SourceText.Length;
        if (s_dump is not null) File.WriteAllText(Path.Combine(s_dump, name + ".g.cs"), run.GeneratedSources[0].SourceText.ToString());

        clock.Restart();
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = output.Emit(image);
        double compilation = clock.Elapsed.TotalSeconds;
        if (!result.Success)
            return $"| {name} | {generation:0.00} s | {characters / 1000.0:0} k characters | {compilation:0.00} s | error: {result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error)} | – | – | – | – |";
        image.Position = 0;
        var context = new AssemblyLoadContext("scale", isCollectible: true);
        Type model = context.LoadFromStream(image).GetType("Scale")!;
        var times = (string)typeof(GeneratorScaleCommand).GetMethod(nameof(Evaluate), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(model).Invoke(null, null)!;
        context.Unload();
        return $"| {name} | {generation:0.00} s | {characters / 1000.0:0} k characters | {compilation:0.00} s | {Kib(image.Length)} | {times} |";
    }

    /// <summary>
    /// Mean time per call of F, wᵀJ and the second-derivative contraction at a fixed random point (after the
    /// first calls, whose time — mostly JIT compilation of the emitted members — is reported separately).
    /// </summary>
    private static string Evaluate<TModel>() where TModel : IDynamicalModel<TModel>
    {
        var random = new Random(1);
        double[] x = Enumerable.Range(0, TModel.StateCount).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] p = Enumerable.Range(0, TModel.ParameterCount).Select(_ => random.NextDouble() + 0.5).ToArray();
        double[] w = Enumerable.Range(0, TModel.StateCount).Select(_ => random.NextDouble() + 0.5).ToArray();
        var f = new double[TModel.StateCount];
        var product = new double[TModel.StateCount + TModel.ParameterCount];
        var second = new double[TModel.SecondDerivativePattern.NonZeroCount];
        var first = Stopwatch.StartNew();
        TModel.VectorField(x, p, default, f);
        TModel.JacobianTransposeProduct(x, p, default, w, product);
        TModel.SecondDerivativeContraction(x, p, default, w, second);
        double firstCalls = first.Elapsed.TotalMilliseconds;
        string field = Time(() => TModel.VectorField(x, p, default, f));
        string transpose = Time(() => TModel.JacobianTransposeProduct(x, p, default, w, product));
        string contraction = Time(() => TModel.SecondDerivativeContraction(x, p, default, w, second));
        return $"{field} | {transpose} | {contraction} | {firstCalls:0} ms";
    }

    /// <summary>Mean of the best of five rounds, each long enough (≥ 20 ms) to swamp the timer.</summary>
    private static string Time(Action call)
    {
        int calls = 1;
        var clock = new Stopwatch();
        while (true)
        {
            clock.Restart();
            for (int c = 0; c < calls; c++) call();
            if (clock.ElapsedMilliseconds >= 20) break;
            calls *= 2;
        }
        double best = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            clock.Restart();
            for (int c = 0; c < calls; c++) call();
            best = Math.Min(best, clock.Elapsed.TotalMicroseconds / calls);
        }
        return best < 10 ? $"{best:0.00} µs" : $"{best:0} µs";
    }

    private static string Kib(long bytes) => (bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KiB";
}
