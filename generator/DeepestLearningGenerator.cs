using System;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Emit;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepestLearning.Generator;

/// <summary>
/// The incremental pipeline: [DynamicalModel] type → <see cref="ModelParser"/> (C# → equatable
/// <see cref="ModelSpec"/> + diagnostics) → <see cref="Emitter"/> (symbolic derivatives → C#).
/// Only equatable specs cross the pipeline, so unrelated edits hit the cache.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DeepestLearningGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ModelParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ModelParser.DynamicalModelAttribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (ctx, cancellation) => ModelParser.Parse(ctx, cancellation))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        IncrementalValuesProvider<ModelSpec> models = parsed
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Model);

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (DiagnosticInfo info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });

        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            string source;
            try
            {
                source = Emitter.Emit(model);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, model.Type.Name, exception.GetType().Name + ": " + exception.Message));
                return;
            }
            spc.AddSource(model.HintName, source);
        });
    }
}

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Model = nameof(Model);
}
