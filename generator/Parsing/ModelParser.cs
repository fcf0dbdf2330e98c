using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepestLearning.Generator.Parsing;

/// <summary>
/// Turns a [DynamicalModel] type into a <see cref="ModelSpec"/>: validates the type, the
/// attribute counts and the method signatures, then interprets the vector field into the
/// expression graph. Returns diagnostics instead of throwing.
/// </summary>
internal static class ModelParser
{
    public const string DynamicalModelAttribute = "DeepestLearning.DynamicalModelAttribute";
    private const string VectorFieldAttribute = "DeepestLearning.VectorFieldAttribute";
    private const string ActivationAttribute = "DeepestLearning.ActivationAttribute";

    /// <summary>Names the generator emits; a user member with one of these names would clash.</summary>
    public static readonly string[] GeneratedMemberNames =
    {
        "StateCount", "ParameterCount", "StimulusCount", "VectorField", "JacobianPattern", "Jacobian",
        "JacobianTransposeProduct", "SecondDerivativePattern", "SecondDerivativeContraction",
    };

    public static ModelParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            ModelSpec? model = ParseModel(context, type, diagnostics, cancellation);
            return new ModelParseResult(diagnostics.Count == 0 ? model : null, diagnostics.ToEquatableArray());
        }
        catch (ParseFailure failure)
        {
            diagnostics.Add(failure.Diagnostic);
            return new ModelParseResult(null, diagnostics.ToEquatableArray());
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The generator never throws: an unexpected failure becomes a diagnostic on the type.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, Identifier(context.TargetNode), type.Name, exception.GetType().Name + ": " + exception.Message));
            return new ModelParseResult(null, diagnostics.ToEquatableArray());
        }
    }

    private static ModelSpec? ParseModel(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        Location typeLocation = Identifier(context.TargetNode);

        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (!IsPartial(t, cancellation))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, typeLocation, t.Name, "DynamicalModel"));
                return null;
            }
            if (t.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericType, typeLocation, type.Name));
                return null;
            }
        }

        AttributeData attribute = context.Attributes[0];
        int states = NamedInt(attribute, "States"), parameters = NamedInt(attribute, "Parameters"), stimuli = NamedInt(attribute, "Stimuli");
        Location attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation() ?? typeLocation;
        if (states < 1) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, attributeLocation, type.Name, $"States must be at least 1 (it is {states})"));
        if (parameters < 0) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, attributeLocation, type.Name, $"Parameters must not be negative (it is {parameters})"));
        if (stimuli < 0) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCounts, attributeLocation, type.Name, $"Stimuli must not be negative (it is {stimuli})"));

        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || Array.IndexOf(GeneratedMemberNames, member.Name) < 0) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameCollision, member.Locations.FirstOrDefault(), member.Name));
        }

        IMethodSymbol? vectorField = null;
        foreach (IMethodSymbol method in type.GetMembers().OfType<IMethodSymbol>())
        {
            if (BodyInterpreter.HasAttribute(method, ActivationAttribute) && !IsActivationSignature(method, cancellation))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationSignature, method.Locations.FirstOrDefault(), method.Name));
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
        SyntaxNode? body = Body(vectorField, cancellation);
        if (!IsVectorFieldSignature(vectorField) || body is null)
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

        var interpreter = new BodyInterpreter(context.SemanticModel.Compilation, type, vectorField, roles, states, parameters, stimuli, cancellation);
        interpreter.Run(body);

        string outputName = vectorField.Parameters[vectorField.Parameters.Length - 1].Name;
        for (int i = 0; i < states; i++)
        {
            if (interpreter.Outputs[i] >= 0) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ComponentNeverWritten, methodLocation, outputName, Text(i), vectorField.Name, Text(states)));
            return null;
        }
        for (int i = 0; i < parameters; i++)
            if (!interpreter.ParameterRead[i])
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedInput, methodLocation, "Parameters", Text(parameters), vectorField.Parameters[1].Name, Text(i), vectorField.Name));
        for (int i = 0; i < stimuli; i++)
            if (!interpreter.StimulusRead[i])
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedInput, methodLocation, "Stimuli", Text(stimuli), vectorField.Parameters[2].Name, Text(i), vectorField.Name));
        if (diagnostics.Count > 0) return null;

        var containing = new List<TypeDeclarationSpec>();
        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType)
            containing.Insert(0, Declaration(t));
        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        string hintName = string.Join(".", new[] { ns }.Concat(containing.Select(c => c.Name)).Concat(new[] { type.Name }).Where(s => s is not null)) + ".DeepestLearning.g.cs";

        return new ModelSpec(ns, containing.ToEquatableArray(), Declaration(type), hintName, states, parameters, stimuli, vectorField.Name,
            interpreter.Graph.Nodes.ToEquatableArray(), interpreter.Outputs.ToEquatableArray());
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TypeDeclarationSpec Declaration(INamedTypeSymbol type)
    {
        string keyword = type.IsRecord
            ? (type.IsValueType ? "record struct" : "record")
            : (type.IsValueType ? "struct" : "class");
        return new TypeDeclarationSpec(keyword, type.Name);
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellation)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                return false;
        return type.DeclaringSyntaxReferences.Length > 0;
    }

    private static Location Identifier(SyntaxNode node) =>
        node is BaseTypeDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : node.GetLocation();

    private static int NamedInt(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
            if (pair.Key == name && pair.Value.Value is int value) return value;
        return 0;
    }

    private static SyntaxNode? Body(IMethodSymbol method, CancellationToken cancellation)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is MethodDeclarationSyntax declaration)
                return (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        return null;
    }

    private static bool IsVectorFieldSignature(IMethodSymbol method)
    {
        if (!method.IsStatic || !method.ReturnsVoid || method.IsGenericMethod) return false;
        int n = method.Parameters.Length;
        if (n != 3 && n != 4) return false;
        for (int i = 0; i < n; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            string expected = i == n - 1 ? "System.Span<T>" : "System.ReadOnlySpan<T>";
            if (parameter.RefKind != RefKind.None || parameter.Type is not INamedTypeSymbol named ||
                named.OriginalDefinition.ToDisplayString() != expected ||
                named.TypeArguments[0].SpecialType != SpecialType.System_Double)
                return false;
        }
        return true;
    }

    private static bool IsActivationSignature(IMethodSymbol method, CancellationToken cancellation) =>
        method.IsStatic && !method.IsGenericMethod && method.ReturnType.SpecialType == SpecialType.System_Double &&
        method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None &&
        method.Parameters[0].Type.SpecialType == SpecialType.System_Double && Body(method, cancellation) is not null;
}
