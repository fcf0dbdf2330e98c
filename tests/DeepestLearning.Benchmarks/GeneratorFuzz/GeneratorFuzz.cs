using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace DeepestLearning.Fuzzing;

/// <summary>What a fuzz run did: how many bodies of each kind, how long it took, and every failure (with its source).</summary>
public sealed record FuzzReport(int Valid, int Invalid, TimeSpan Elapsed, IReadOnlyList<string> Failures)
{
    public int Bodies => Valid + Invalid;

    public override string ToString() =>
        $"{Bodies} bodies ({Valid} valid, {Invalid} invalid) in {Elapsed.TotalSeconds:F1} s: {Failures.Count} failures";
}

/// <summary>
/// The seeded generator fuzz: random valid models must compile through the generator and satisfy
/// <see cref="DerivativeProperties"/>; random invalid models must get at least one DL diagnostic located
/// in their own source, and never DL0022 (internal error), AD0001, CS8784/CS8785 (a generator threw)
/// or a crash. Body k of seed s is written from its own Random(s, k), so any failure is reproducible
/// on its own.
/// </summary>
public static class GeneratorFuzz
{
    /// <summary>Models compiled together: one generator run and one emit per batch keeps Roslyn's fixed costs off each body.</summary>
    private const int BatchSize = 60;

    public static FuzzReport Run(int seed, int bodies, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        int valid = 0, invalid = 0;
        for (int start = 0; start < bodies; start += BatchSize)
        {
            int count = Math.Min(BatchSize, bodies - start);
            var validSources = new List<(int Body, string Source)>();
            var invalidSources = new List<(int Body, string Source, string Defect)>();
            for (int k = start; k < start + count; k++)
            {
                var random = new Random(Mix(seed, k, 0));
                string name = "Fuzz" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (random.NextDouble() < 0.7) validSources.Add((k, new ValidModelWriter(random).Write(name)));
                else invalidSources.Add((k, new InvalidModelWriter(random).Write(name, out string defect), defect));
            }
            CheckValid(seed, validSources, failures);
            CheckInvalid(seed, invalidSources, failures);
            valid += validSources.Count;
            invalid += invalidSources.Count;
            progress?.Invoke($"{start + count}/{bodies} bodies, {failures.Count} failures, {clock.Elapsed.TotalSeconds:F0} s");
        }
        return new FuzzReport(valid, invalid, clock.Elapsed, failures);
    }

    private static void CheckValid(int seed, List<(int Body, string Source)> models, List<string> failures)
    {
        if (models.Count == 0) return;
        GeneratedAssembly generated = GeneratedAssembly.Generate(models.Select(m => m.Source).ToList());
        bool batchFailed = false;
        for (int i = 0; i < models.Count; i++)
        {
            var reported = generated.GeneratorDiagnostics.Where(d => PathOf(d) == GeneratedAssembly.PathOf(i) || PathOf(d) is null).ToList();
            if (reported.Count == 0) continue;
            batchFailed = true;
            // C# errors in the user's own code mean the writer, not the generator, is wrong: say so.
            var userErrors = generated.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath == GeneratedAssembly.PathOf(i));
            failures.Add(Describe(seed, models[i].Body, "valid body rejected: " + string.Join("; ", reported.Concat(userErrors)), models[i].Source));
        }
        foreach (Exception exception in generated.GeneratorExceptions)
        {
            batchFailed = true;
            failures.Add($"seed {seed}: the generator threw {exception.GetType().Name}: {exception.Message}");
        }
        if (batchFailed) return; // the other models of the batch are checked when it is rerun without the rejected ones

        Assembly assembly;
        AssemblyLoadContext context;
        try
        {
            assembly = generated.Load(out context);
        }
        catch (FuzzFailure failure)
        {
            failures.Add($"seed {seed}, bodies {models[0].Body}…{models[^1].Body}: {failure.Message}");
            return;
        }
        try
        {
            for (int i = 0; i < models.Count; i++)
            {
                var (body, source) = models[i];
                try
                {
                    var model = new LoadedModel(assembly.GetType("Fuzz" + body.ToString(System.Globalization.CultureInfo.InvariantCulture))!, ValidModelWriter.UserMethod);
                    var random = new Random(Mix(seed, body, 1));
                    DerivativeProperties.Check(model, random);
                }
                catch (FuzzFailure failure)
                {
                    failures.Add(Describe(seed, body, failure.Message, source));
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static void CheckInvalid(int seed, List<(int Body, string Source, string Defect)> models, List<string> failures)
    {
        if (models.Count == 0) return;
        GeneratedAssembly generated = GeneratedAssembly.Generate(models.Select(m => m.Source).ToList());
        foreach (Exception exception in generated.GeneratorExceptions)
            failures.Add($"seed {seed}: the generator threw {exception.GetType().Name}: {exception.Message}");
        foreach (Diagnostic forbidden in generated.GeneratorDiagnostics.Where(d => d.Id is "DL0022" or "AD0001" or "CS8784" or "CS8785" || PathOf(d) is null))
            failures.Add($"seed {seed}: forbidden or unlocated diagnostic {forbidden}");
        for (int i = 0; i < models.Count; i++)
        {
            bool located = generated.GeneratorDiagnostics.Any(d => d.Id.StartsWith("DL", StringComparison.Ordinal) && d.Id != "DL0022" &&
                PathOf(d) == GeneratedAssembly.PathOf(i) && d.Location.SourceSpan.Length > 0);
            if (!located) failures.Add(Describe(seed, models[i].Body, $"invalid body ({models[i].Defect}) got no located DL diagnostic", models[i].Source));
        }
    }

    /// <summary>
    /// The seed of one body's Random. Not HashCode.Combine: it is randomized per process, which made
    /// "seed 20260" a different set of bodies on every run.
    /// </summary>
    private static int Mix(int seed, int body, int stream) => unchecked(seed * 73_856_093 ^ body * 19_349_663 ^ stream * 83_492_791);

    /// <summary>The file a diagnostic points into (the generator reports file locations, not syntax-tree ones), or null if none.</summary>
    private static string? PathOf(Diagnostic diagnostic) =>
        diagnostic.Location.Kind == LocationKind.None ? null : diagnostic.Location.GetLineSpan().Path;

    private static string Describe(int seed, int body, string problem, string source) =>
        $"seed {seed}, body {body}: {problem}\n{source}";
}
