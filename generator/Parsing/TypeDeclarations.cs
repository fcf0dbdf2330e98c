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

/// <summary>Checks of the attributed type's declaration and where its generated partial goes.</summary>
internal static class TypeDeclarations
{
    /// <summary>The type and every containing type must be partial and non-generic; reports DL0001/DL0002 otherwise.</summary>
    public static bool CheckPartialAndNonGeneric(INamedTypeSymbol type, Location typeLocation, string attributeName, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
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
    public static void ReportGeneratedNameCollisions(INamedTypeSymbol type, string[] generatedNames, string contract, List<DiagnosticInfo> diagnostics)
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

    /// <summary>Where a type diagnostic points: the type's name.</summary>
    public static Location IdentifierLocation(SyntaxNode node) =>
        node is BaseTypeDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : node.GetLocation();
}
