using System;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Emit;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepestLearning.Generator;

/// <summary>
/// The incremental pipeline, two parallel branches: [DynamicalModel] type → <see cref="ModelParser"/>
/// (C# → equatable <see cref="ModelSpec"/> + diagnostics) → <see cref="Emitter"/> (symbolic derivatives → C#),
/// and [LayeredNetwork] type → <see cref="NetworkParser"/> → <see cref="NetworkSpec"/> → <see cref="NetworkEmitter"/>.
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

        IncrementalValuesProvider<NetworkParseResult> parsedNetworks = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.LayeredNetworkAttribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (ctx, cancellation) => NetworkParser.Parse(ctx, cancellation))
            .WithTrackingName(TrackingNames.ParseNetwork);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> networkDiagnostics = parsedNetworks
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.NetworkDiagnostics);

        IncrementalValuesProvider<NetworkSpec> networks = parsedNetworks
            .Select(static (result, _) => result.Network)
            .Where(static network => network is not null)
            .Select(static (network, _) => network!)
            .WithTrackingName(TrackingNames.Network);

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

        context.RegisterSourceOutput(networkDiagnostics, static (spc, list) =>
        {
            foreach (DiagnosticInfo info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });

        context.RegisterSourceOutput(networks, static (spc, network) =>
        {
            string source;
            try
            {
                source = NetworkEmitter.Emit(network);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, network.Type.Name, exception.GetType().Name + ": " + exception.Message));
                return;
            }
            spc.AddSource(network.HintName, source);
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
}
