using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Model;
using Microsoft.CodeAnalysis;
using static DeepestLearning.Generator.Parsing.AttributeValues;
using static DeepestLearning.Generator.Parsing.MethodShapes;
using static DeepestLearning.Generator.Parsing.ParseGuard;
using static DeepestLearning.Generator.Parsing.SpanMethodInterpretation;
using static DeepestLearning.Generator.Parsing.TypeDeclarations;

namespace DeepestLearning.Generator.Parsing;

/// <summary>
/// Turns a [LayeredNetwork] type into a <see cref="NetworkSpec"/>: validates the shape, then either
/// interprets the single [Activation] method (dense form) or the [LayerMap] method (general form)
/// into the expression graph. Returns diagnostics instead of throwing.
/// </summary>
internal static class NetworkParser
{
    public const string LayeredNetworkAttribute = AttributeRules.LayeredNetwork;
    private const string LayerMapAttribute = AttributeRules.LayerMap;

    /// <summary>Names the generator emits for ILayeredNetwork; a user member with one of these names would clash.</summary>
    public static readonly string[] GeneratedMemberNames =
    {
        "LayerCount", "InputWidth", "Width", "OutputWidth", "LayerWidth", "WeightCount", "Forward",
        "AccumulateVectorJacobianProduct", "JacobianPattern", "Jacobian", "SecondDerivativePattern", "SecondDerivativeContraction",
    };

    public static NetworkParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var (spec, diagnostics) = ParseWithoutThrowing(context, (type, list) => ParseNetwork(context, type, list, cancellation));
        return new NetworkParseResult(spec, diagnostics);
    }

    private static NetworkSpec? ParseNetwork(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        Location typeLocation = IdentifierLocation(context.TargetNode);
        if (!AttributeRules.OwnsType(context, type, LayeredNetworkAttribute, diagnostics, cancellation)) return null;
        if (!CheckPartialAndNonGeneric(type, typeLocation, "LayeredNetwork", diagnostics, cancellation)) return null;

        AttributeData attribute = context.Attributes[0];
        Location attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation() ?? typeLocation;
        int width = NamedInt(attribute, "Width"), layers = NamedInt(attribute, "Layers");
        int inputWidth = NamedInt(attribute, "InputWidth"), outputWidth = NamedInt(attribute, "OutputWidth");
        int weightsPerLayer = NamedInt(attribute, "WeightsPerLayer");
        void Shape(string message) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkShape, attributeLocation, type.Name, message));
        if (width < 1) Shape($"Width must be at least 1 (it is {width})");
        if (layers < 1) Shape($"Layers must be at least 1 (it is {layers})");
        if (inputWidth < 0) Shape($"InputWidth must not be negative (it is {inputWidth}; 0 means Width)");
        if (outputWidth < 0) Shape($"OutputWidth must not be negative (it is {outputWidth}; 0 means Width)");
        if (inputWidth == 0) inputWidth = width;
        if (outputWidth == 0) outputWidth = width;
        // A [LayerMap] body writes every neuron and reads every weight with evaluated statements (a dense
        // network is emitted as loops and has no such bound).
        if (weightsPerLayer != 0)
            foreach (var (name, count) in new[] { ("Width", width), ("WeightsPerLayer", weightsPerLayer) })
                if (count > BodyInterpreter.MaxStatements) Shape(TooLarge(name, count));
        // The generated code indexes layers up to LayerCount and a dense layer's weights with an int.
        if (layers == int.MaxValue) Shape($"Layers must be less than {Text(int.MaxValue)}");
        long denseWeights = Math.Max((long)width, outputWidth) * (Math.Max((long)inputWidth, width) + 1);
        if (weightsPerLayer == 0 && width >= 1 && denseWeights > int.MaxValue)
            Shape($"a dense layer of this shape has {denseWeights.ToString(System.Globalization.CultureInfo.InvariantCulture)} weights, more than an int index reaches");

        ReportGeneratedNameCollisions(type, GeneratedMemberNames, "ILayeredNetwork", diagnostics);

        var activations = new List<IMethodSymbol>();
        IMethodSymbol? layerMap = null;
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            int reported = diagnostics.Count;
            AttributeRules.CheckMethod(method, LayeredNetworkAttribute, diagnostics, cancellation);
            bool conflicting = diagnostics.Count > reported; // already reported; not also an activation with a wrong signature
            if (!conflicting && BodyInterpreter.HasAttribute(method, AttributeRules.Activation))
            {
                if (IsActivationMethod(method, cancellation)) activations.Add(method);
                else diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationSignature, method.Locations.FirstOrDefault(), method.Name));
            }
            if (!BodyInterpreter.HasAttribute(method, LayerMapAttribute)) continue;
            if (layerMap is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerMap, method.Locations.FirstOrDefault(), method.Name));
                continue;
            }
            layerMap = method;
        }
        if (diagnostics.Count > 0) return null;

        var (ns, containing, declaration, hintName) = Placement(type);
        if (layerMap is null)
        {
            if (activations.Count != 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingLayer, typeLocation, type.Name,
                    activations.Count == 0 ? "has no [LayerMap] method and no [Activation] method" : $"has {activations.Count} [Activation] methods and no [LayerMap] method"));
                return null;
            }
            if (weightsPerLayer != 0)
            {
                Shape($"WeightsPerLayer is {weightsPerLayer} but a dense network (no [LayerMap] method) has Width·(inputs + 1) weights per layer; remove WeightsPerLayer");
                return null;
            }
            IMethodSymbol activation = activations[0];
            var interpreter = new BodyInterpreter(context.SemanticModel.Compilation, type, activation, new Dictionary<IParameterSymbol, InputRole>(SymbolEqualityComparer.Default), 1, 0, 0, cancellation);
            int g = interpreter.InlineActivation(activation);
            return new NetworkSpec(ns, containing, declaration, hintName, layers, inputWidth, width, outputWidth, IsDense: true, WeightsPerLayer: 0,
                activation.Name, interpreter.Graph.Nodes.ToEquatableArray(), new[] { g }.ToEquatableArray());
        }

        if (inputWidth != width || outputWidth != width)
            Shape($"a [LayerMap] network maps Width = {width} neurons to Width; InputWidth ({inputWidth}) and OutputWidth ({outputWidth}) must equal it or be left out (pad the inputs to Width and measure only the components you have)");
        if (weightsPerLayer < 1) Shape($"a [LayerMap] network needs WeightsPerLayer ≥ 1 (it is {weightsPerLayer})");
        if (diagnostics.Count > 0) return null;

        Location methodLocation = layerMap.Locations.FirstOrDefault() ?? typeLocation;
        SyntaxNode? body = BodyOf(layerMap, cancellation);
        if (!IsSpanMethod(layerMap, 3) || body is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerMapSignature, methodLocation, layerMap.Name));
            return null;
        }
        var roles = new Dictionary<IParameterSymbol, InputRole>(SymbolEqualityComparer.Default)
        {
            [layerMap.Parameters[0]] = InputRole.State,
            [layerMap.Parameters[1]] = InputRole.Parameter,
            [layerMap.Parameters[2]] = InputRole.Output,
        };
        BodyInterpreter? map = InterpretAndCheckInputs(context, type, layerMap, body, roles, width, weightsPerLayer, 0, "WeightsPerLayer", diagnostics, cancellation,
            attributeName: "LayeredNetwork", stateCountName: "Width");
        if (map is null) return null;
        return new NetworkSpec(ns, containing, declaration, hintName, layers, width, width, width, IsDense: false, weightsPerLayer,
            layerMap.Name, map.Graph.Nodes.ToEquatableArray(), map.Outputs.ToEquatableArray());
    }
}
