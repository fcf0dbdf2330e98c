using System;
using System.Collections.Generic;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Model;
using Microsoft.CodeAnalysis;

namespace DeepestLearning.Generator.Parsing;

/// <summary>The boundary every parse step runs inside: whatever goes wrong becomes a diagnostic, never an exception in the compiler.</summary>
internal static class ParseGuard
{
    /// <summary>
    /// Runs a parse step so that it never throws: a <see cref="ParseFailure"/> becomes its diagnostic,
    /// an unexpected exception a DL0022 on the type; the spec is kept only when no diagnostic was reported.
    /// </summary>
    public static (TSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics) ParseWithoutThrowing<TSpec>(GeneratorAttributeSyntaxContext context,
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
            diagnostics.AddRange(failure.Diagnostics);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The generator never throws: an unexpected failure becomes a diagnostic on the type.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, TypeDeclarations.IdentifierLocation(context.TargetNode), type.Name, exception.GetType().Name + ": " + exception.Message));
        }
        return (null, diagnostics.ToEquatableArray());
    }
}
