using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static DeepestLearning.Generator.Parsing.AttributeValues;
using static DeepestLearning.Generator.Parsing.MethodShapes;
using static DeepestLearning.Generator.Parsing.ParseGuard;
using static DeepestLearning.Generator.Parsing.SpanMethodInterpretation;
using static DeepestLearning.Generator.Parsing.TypeDeclarations;

namespace DeepestLearning.Generator.Parsing;

/// <summary>
/// Turns a [DynamicalModel] type into a <see cref="ModelSpec"/>: validates the type, the
/// attribute counts and the method signatures, then interprets the vector field into the
/// expression graph. Returns diagnostics instead of throwing.
/// </summary>
internal static class ModelParser
{
    public const string DynamicalModelAttribute = AttributeRules.DynamicalModel;
    private const string VectorFieldAttribute = AttributeRules.VectorField;

    /// <summary>Names the generator emits; a user member with one of these names would clash.</summary>
    public static readonly string[] GeneratedMemberNames =
    {
        "StateCount", "ParameterCount", "StimulusCount", "VectorField", "JacobianPattern", "Jacobian",
        "JacobianTransposeProduct", "SecondDerivativePattern", "SecondDerivativeContraction",
        "MeasurementCount", "Measurement", "MeasurementJacobianPattern", "MeasurementJacobian", "MeasurementJacobianTransposeProduct",
        "MeasurementSecondDerivativePattern", "MeasurementSecondDerivativeContraction",
    };

    public static ModelParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var (spec, diagnostics) = ParseWithoutThrowing(context, (type, list) => ParseModel(context, type, list, cancellation));
        return new ModelParseResult(spec, diagnostics);
    }

    private static ModelSpec? ParseModel(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        Location typeLocation = IdentifierLocation(context.TargetNode);
        if (!AttributeRules.OwnsType(context, type, DynamicalModelAttribute, diagnostics, cancellation)) return null;
        if (!CheckPartialAndNonGeneric(type, typeLocation, "DynamicalModel", diagnostics, cancellation)) return null;

        AttributeData attribute = context.Attributes[0];
        int states = NamedInt(attribute, "States"), parameters = NamedInt(attribute, "Parameters"), stimuli = NamedInt(attribute, "Stimuli");
        Location attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation() ?? typeLocation;
        if (states < 1) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, attributeLocation, type.Name, $"States must be at least 1 (it is {states})"));
        if (parameters < 0) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, attributeLocation, type.Name, $"Parameters must not be negative (it is {parameters})"));
        if (stimuli < 0) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, attributeLocation, type.Name, $"Stimuli must not be negative (it is {stimuli})"));
        // Every component is written, and every parameter and stimulus read, by some evaluated statement,
        // so a count above the statement limit can never be valid; rejecting it here also keeps the
        // per-component tables the interpreter allocates bounded.
        foreach (var (name, count) in new[] { ("States", states), ("Parameters", parameters), ("Stimuli", stimuli) })
            if (count > BodyInterpreter.MaxStatements)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, attributeLocation, type.Name, TooLarge(name, count)));

        ReportGeneratedNameCollisions(type, GeneratedMemberNames, "IDynamicalModel", diagnostics);

        IMethodSymbol? vectorField = null, measurement = null;
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            int reported = diagnostics.Count;
            AttributeRules.CheckMethod(method, DynamicalModelAttribute, diagnostics, cancellation);
            bool conflicting = diagnostics.Count > reported; // already reported; its signature is not also wrong
            if (!conflicting && BodyInterpreter.HasAttribute(method, AttributeRules.Activation) && !IsActivationMethod(method, cancellation))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationSignature, method.Locations.FirstOrDefault(), method.Name));
            if (!conflicting && AttributeRules.MeasurementOf(method) is not null)
            {
                if (measurement is null) measurement = method;
                else diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateMeasurement, method.Locations.FirstOrDefault(), method.Name));
            }
            if (!BodyInterpreter.HasAttribute(method, VectorFieldAttribute)) continue;
            if (vectorField is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateVectorField, method.Locations.FirstOrDefault(), method.Name));
                continue;
            }
            vectorField = method;
        }

        if (vectorField is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingVectorField, typeLocation, type.Name));
            return null;
        }
        if (diagnostics.Count > 0) return null;

        Location methodLocation = vectorField.Locations.FirstOrDefault() ?? typeLocation;
        SyntaxNode? body = BodyOf(vectorField, cancellation);
        if (!IsSpanMethod(vectorField, 3, 4) || body is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.VectorFieldSignature, methodLocation, vectorField.Name));
            return null;
        }
        bool hasStimulusParameter = vectorField.Parameters.Length == 4;
        if (hasStimulusParameter && stimuli == 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, methodLocation, type.Name, $"'{vectorField.Name}' takes a stimulus span '{vectorField.Parameters[2].Name}' but Stimuli is 0"));
        if (!hasStimulusParameter && stimuli > 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, methodLocation, type.Name, $"Stimuli is {stimuli} but '{vectorField.Name}' has no stimulus span parameter"));
        if (diagnostics.Count > 0) return null;

        var roles = new Dictionary<IParameterSymbol, InputRole>(SymbolEqualityComparer.Default)
        {
            [vectorField.Parameters[0]] = InputRole.State,
            [vectorField.Parameters[1]] = InputRole.Parameter,
        };
        if (hasStimulusParameter) roles[vectorField.Parameters[2]] = InputRole.Stimulus;
        roles[vectorField.Parameters[vectorField.Parameters.Length - 1]] = InputRole.Output;

        // A parameter or stimulus only the sensor sees (a gain, an offset) is read by the model all the same.
        MeasurementSpec? measurementSpec = null;
        BodyInterpreter? sensor = null;
        if (measurement is not null)
        {
            (measurementSpec, sensor) = ParseMeasurement(context, type, measurement, states, parameters, stimuli, diagnostics, cancellation);
            if (measurementSpec is null) return null;
        }

        BodyInterpreter? interpreter = InterpretAndCheckInputs(context, type, vectorField, body, roles, states, parameters, stimuli, "Parameters", diagnostics, cancellation,
            parametersReadElsewhere: sensor?.ParameterRead, stimuliReadElsewhere: sensor?.StimulusRead);
        if (interpreter is null) return null;

        var (ns, containing, declaration, hintName) = Placement(type);
        return new ModelSpec(ns, containing, declaration, hintName, states, parameters, stimuli, vectorField.Name,
            interpreter.Graph.Nodes.ToEquatableArray(), interpreter.Outputs.ToEquatableArray(), measurementSpec);
    }

    /// <summary>
    /// The [Measurement] method h: its signature (DL0031), its output count (DL0033), a stimulus span only when the
    /// model has stimuli (DL0006), then its body run like the vector field's into a graph of its own, every output
    /// written (DL0015). Unlike the vector field, h need not read every state, parameter or stimulus: a sensor sees
    /// some of them. Returns null after reporting.
    /// </summary>
    private static (MeasurementSpec? Spec, BodyInterpreter? Interpreter) ParseMeasurement(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, IMethodSymbol method,
        int states, int parameters, int stimuli, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        Location methodLocation = method.Locations.FirstOrDefault() ?? Location.None;
        AttributeData attribute = AttributeRules.MeasurementOf(method)!;
        Location attributeLocation = AttributeRules.LocationOf(attribute, cancellation) ?? methodLocation;
        SyntaxNode? body = BodyOf(method, cancellation);
        if (!IsSpanMethod(method, 3, 4) || body is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MeasurementSignature, methodLocation, method.Name));
            return (null, null);
        }
        int outputs = NamedInt(attribute, "Outputs");
        if (outputs < 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMeasurementCount, attributeLocation, method.Name,
                $"Outputs must be at least 1 (it is {AttributeValues.Text(outputs)}): declare how many values '{method.Parameters[method.Parameters.Length - 1].Name}' receives"));
        else if (outputs > BodyInterpreter.MaxStatements)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMeasurementCount, attributeLocation, method.Name, TooLarge("Outputs", outputs)));
        bool hasStimulus = method.Parameters.Length == 4;
        if (hasStimulus && stimuli == 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, methodLocation, type.Name, $"'{method.Name}' takes a stimulus span '{method.Parameters[2].Name}' but Stimuli is 0"));
        if (diagnostics.Count > 0) return (null, null);

        var roles = new Dictionary<IParameterSymbol, InputRole>(SymbolEqualityComparer.Default)
        {
            [method.Parameters[0]] = InputRole.State,
            [method.Parameters[1]] = InputRole.Parameter,
        };
        if (hasStimulus) roles[method.Parameters[2]] = InputRole.Stimulus;
        roles[method.Parameters[method.Parameters.Length - 1]] = InputRole.Output;

        var interpreter = new BodyInterpreter(context.SemanticModel.Compilation, type, method, roles, states, parameters, hasStimulus ? stimuli : 0, cancellation, outputs)
        {
            OutputCount = ("Measurement", "Outputs"),
        };
        interpreter.Run(body);
        string outputName = method.Parameters[method.Parameters.Length - 1].Name;
        for (int l = 0; l < outputs; l++)
        {
            if (interpreter.Outputs[l] >= 0) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ComponentNeverWritten, methodLocation, outputName, AttributeValues.Text(l), method.Name, AttributeValues.Text(outputs)));
            return (null, null);
        }
        return (new MeasurementSpec(method.Name, outputs, interpreter.Graph.Nodes.ToEquatableArray(), interpreter.Outputs.ToEquatableArray()), interpreter);
    }
}
