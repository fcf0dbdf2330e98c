using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepestLearning.Generator.Parsing;

/// <summary>The method shapes the attributes accept: span methods ([VectorField], [LayerMap]) and activations.</summary>
internal static class MethodShapes
{
    /// <summary>The block or expression body of a method declared in source, or null.</summary>
    public static SyntaxNode? BodyOf(IMethodSymbol method, CancellationToken cancellation)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            if (reference.GetSyntax(cancellation) is MethodDeclarationSyntax declaration)
                return (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        return null;
    }

    /// <summary>static void M(ReadOnlySpan&lt;double&gt; …, Span&lt;double&gt; out) with one of the allowed parameter counts.</summary>
    public static bool IsSpanMethod(IMethodSymbol method, params int[] parameterCounts)
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

    /// <summary>static double g(double a) with a body: an [Activation].</summary>
    public static bool IsActivationMethod(IMethodSymbol method, CancellationToken cancellation) =>
        method.IsStatic && !method.IsGenericMethod && method.ReturnType.SpecialType == SpecialType.System_Double &&
        method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None &&
        method.Parameters[0].Type.SpecialType == SpecialType.System_Double && BodyOf(method, cancellation) is not null;
}
