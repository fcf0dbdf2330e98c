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

/// <summary>Checks and facts shared by the model and network parsers: declarations, attribute values, signatures.</summary>
internal static class SyntaxFacts
{
    public const string ActivationAttribute = AttributeRules.Activation;

    /// <summary>
    /// Runs a parse step so that it never throws: a <see cref="ParseFailure"/> becomes its diagnostic,
    /// an unexpected exception a DL0022 on the type; the spec is kept only when no diagnostic was reported.
    /// </summary>
    public static (TSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics) Guarded<TSpec>(GeneratorAttributeSyntaxContext context,
        Func<INamedTypeSymbol, List<DiagnosticInfo>, TSpec?> parse) where TSpec : class
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        try
        {
            TSpec? spec = parse(type, diagnostics);
            return (diagnostics.Count == 0 ? spec : null, diagnostics.ToEquatableArray());
        }
        catch (ParseFailure failure)
        {
            diagnostics.Add(failure.Diagnostic);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The generator never throws: an unexpected failure becomes a diagnostic on the type.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, Identifier(context.TargetNode), type.Name, exception.GetType().Name + ": " + exception.Message));
        }
        return (null, diagnostics.ToEquatableArray());
    }

    public static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why a count above the statement limit is rejected (DL0006, DL0026).</summary>
    public static string TooLarge(string name, int count) =>
        $"{name} must be at most {BodyInterpreter.MaxStatements.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} (it is {Text(count)}): each one is written or read by an evaluated statement, and a body runs at most that many";

    /// <summary>The type and every containing type must be partial and non-generic; reports DL0001/DL0002 otherwise.</summary>
    public static bool CheckDeclaration(INamedTypeSymbol type, Location typeLocation, string attributeName, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (!IsPartial(t, cancellation))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, typeLocation, t.Name, attributeName));
                return false;
            }
            if (t.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericType, typeLocation, type.Name));
                return false;
            }
        }
        return true;
    }

    /// <summary>Reports DL0018 for every user member named like a generated one.</summary>
    public static void CheckMemberNames(INamedTypeSymbol type, string[] generatedNames, string contract, List<DiagnosticInfo> diagnostics)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || Array.IndexOf(generatedNames, member.Name) < 0) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameCollision, member.Locations.FirstOrDefault(), member.Name, contract));
        }
    }

    /// <summary>Where the generated partial goes: namespace, containing types, the type itself and the hint name.</summary>
    public static (string? Namespace, EquatableArray<TypeDeclarationSpec> Containing, TypeDeclarationSpec Type, string HintName) Placement(INamedTypeSymbol type)
    {
        var containing = new List<TypeDeclarationSpec>();
        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType)
            containing.Insert(0, Declaration(t));
        string? ns = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        string hintName = string.Join(".", new[] { ns }.Concat(containing.Select(c => c.Name)).Concat(new[] { type.Name }).Where(s => s is not null)) + ".DeepestLearning.g.cs";
        return (ns, containing.ToEquatableArray(), Declaration(type), hintName);
    }

    public static TypeDeclarationSpec Declaration(INamedTypeSymbol type)
    {
        string keyword = type.IsRecord
            ? (type.IsValueType ? "record struct" : "record")
            : (type.IsValueType ? "struct" : "class");
        return new TypeDeclarationSpec(keyword, type.Name);
    }

    public static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellation)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                return false;
        return type.DeclaringSyntaxReferences.Length > 0;
    }

    public static Location Identifier(SyntaxNode node) =>
        node is BaseTypeDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : node.GetLocation();

    public static int NamedInt(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
            if (pair.Key == name && pair.Value.Value is int value) return value;
        return 0;
    }

    public static SyntaxNode? Body(IMethodSymbol method, CancellationToken cancellation)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is MethodDeclarationSyntax declaration)
                return (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        return null;
    }

    /// <summary>static void M(ReadOnlySpan&lt;double&gt; …, Span&lt;double&gt; out) with one of the allowed parameter counts.</summary>
    public static bool IsSpanMethodSignature(IMethodSymbol method, params int[] parameterCounts)
    {
        if (!method.IsStatic || !method.ReturnsVoid || method.IsGenericMethod) return false;
        int n = method.Parameters.Length;
        if (Array.IndexOf(parameterCounts, n) < 0) return false;
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

    public static bool IsActivationSignature(IMethodSymbol method, CancellationToken cancellation) =>
        method.IsStatic && !method.IsGenericMethod && method.ReturnType.SpecialType == SpecialType.System_Double &&
        method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None &&
        method.Parameters[0].Type.SpecialType == SpecialType.System_Double && Body(method, cancellation) is not null;

    /// <summary>
    /// Interprets a span method into the expression graph (states, parameters, stimuli → one output
    /// span) and checks that every output is written and every declared input read. Returns null after
    /// reporting a diagnostic.
    /// </summary>
    public static BodyInterpreter? Interpret(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, IMethodSymbol method, SyntaxNode body,
        Dictionary<IParameterSymbol, InputRole> roles, int states, int parameters, int stimuli, string parameterCountName, List<DiagnosticInfo> diagnostics, CancellationToken cancellation,
        string attributeName = "DynamicalModel", string stateCountName = "States")
    {
        Location methodLocation = method.Locations.FirstOrDefault() ?? Location.None;
        var interpreter = new BodyInterpreter(context.SemanticModel.Compilation, type, method, roles, states, parameters, stimuli, cancellation)
        {
            AttributeName = attributeName,
            StateCountName = stateCountName,
            ParameterCountName = parameterCountName,
        };
        interpreter.Run(body);

        string outputName = method.Parameters[method.Parameters.Length - 1].Name;
        for (int i = 0; i < states; i++)
        {
            if (interpreter.Outputs[i] >= 0) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ComponentNeverWritten, methodLocation, outputName, Text(i), method.Name, Text(states)));
            return null;
        }
        for (int i = 0; i < parameters; i++)
            if (!interpreter.ParameterRead[i])
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedInput, methodLocation, parameterCountName, Text(parameters), method.Parameters[1].Name, Text(i), method.Name, attributeName, attributeName == "DynamicalModel" ? "vector field" : "layer map"));
        for (int i = 0; i < stimuli; i++)
            if (!interpreter.StimulusRead[i])
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedInput, methodLocation, "Stimuli", Text(stimuli), method.Parameters[2].Name, Text(i), method.Name, attributeName, "vector field"));
        return diagnostics.Count > 0 ? null : interpreter;
    }
}
