using System;
using System.Threading;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Emit;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepestLearning.Generator;

/// <summary>
/// The incremental pipeline, two parallel branches: [DynamicalModel] type → <see cref="ModelParser"/>
/// (C# → equatable <see cref="ModelSpec"/> + diagnostics) → <see cref="ModelEmitter"/> (symbolic derivatives → C#),
/// and [LayeredNetwork] type → <see cref="NetworkParser"/> → <see cref="NetworkSpec"/> → <see cref="NetworkEmitter"/>.
/// Only equatable specs cross the pipeline, so unrelated edits hit the cache.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DeepestLearningGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        Register(context, ModelParser.DynamicalModelAttribute, ModelParser.Parse, static result => result.Diagnostics, static result => result.Model,
            ModelEmitter.Emit, static model => (model.HintName, model.Type.Name), TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Model);
        Register(context, NetworkParser.LayeredNetworkAttribute, NetworkParser.Parse, static result => result.Diagnostics, static result => result.Network,
            NetworkEmitter.Emit, static network => (network.HintName, network.Type.Name), TrackingNames.ParseNetwork, TrackingNames.NetworkDiagnostics, TrackingNames.Network);
        foreach (string attribute in new[] { AttributeRules.VectorField, AttributeRules.LayerMap, AttributeRules.Activation, AttributeRules.Measurement })
            RegisterStray(context, attribute);
    }

    /// <summary>Method attributes in a type the two branches never visit: reported, not silently ignored.</summary>
    private static void RegisterStray(IncrementalGeneratorInitializationContext context, string attribute)
    {
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> stray = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: (ctx, cancellation) => AttributeRules.CheckStray(ctx, attribute, cancellation))
            .WithTrackingName(TrackingNames.StrayAttributes);
        context.RegisterSourceOutput(stray, static (spc, list) =>
        {
            foreach (DiagnosticInfo info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });
    }

    /// <summary>One branch: attributed type → parse result → (diagnostics, spec) → emitted source.</summary>
    private static void Register<TResult, TSpec>(IncrementalGeneratorInitializationContext context, string attribute,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, TResult> parse, Func<TResult, EquatableArray<DiagnosticInfo>> diagnosticsOf,
        Func<TResult, TSpec?> specOf, Func<TSpec, string> emit, Func<TSpec, (string HintName, string TypeName)> names,
        string parseStep, string diagnosticsStep, string specStep) where TSpec : class
    {
        IncrementalValuesProvider<TResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, predicate: static (node, _) => node is TypeDeclarationSyntax, transform: (ctx, cancellation) => parse(ctx, cancellation))
            .WithTrackingName(parseStep);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select((result, _) => diagnosticsOf(result))
            .WithTrackingName(diagnosticsStep);

        IncrementalValuesProvider<TSpec> specs = parsed
            .Select((result, _) => specOf(result))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(specStep);

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (DiagnosticInfo info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });

        context.RegisterSourceOutput(specs, (spc, spec) =>
        {
            var (hintName, typeName) = names(spec);
            string source;
            try
            {
                source = emit(spec);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, typeName, exception.GetType().Name + ": " + exception.Message));
                return;
            }
            spc.AddSource(hintName, source);
        });
    }
}

/// <summary>Names of the pipeline steps, for incremental-caching tests.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Model = nameof(Model);
    public const string ParseNetwork = nameof(ParseNetwork);
    public const string NetworkDiagnostics = nameof(NetworkDiagnostics);
    public const string Network = nameof(Network);
    public const string StrayAttributes = nameof(StrayAttributes);
}
