using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Model;
using Microsoft.CodeAnalysis;

namespace DeepestLearning.Generator.Parsing;

/// <summary>
/// Which attribute combinations the generator accepts. Every other combination is a diagnostic at
/// the attribute: two branches emitting for one type would collide on the hint name (CS8785), and
/// a silently ignored attribute hides a mistake.
/// </summary>
internal static class AttributeRules
{
    public const string DynamicalModel = "DeepestLearning.DynamicalModelAttribute";
    public const string LayeredNetwork = "DeepestLearning.LayeredNetworkAttribute";
    public const string VectorField = "DeepestLearning.VectorFieldAttribute";
    public const string LayerMap = "DeepestLearning.LayerMapAttribute";
    public const string Activation = "DeepestLearning.ActivationAttribute";
    public const string Measurement = "DeepestLearning.MeasurementAttribute";

    /// <summary>
    /// Whether this declaration (one of the type's partial declarations carrying <paramref name="own"/>)
    /// is the one that parses the type. The pipeline runs once per attributed declaration, so a type
    /// attributed on two declarations, or attributed as both a model and a network, would be emitted
    /// twice. The model branch reports the model/network conflict; every extra copy of the attribute
    /// is reported where it stands.
    /// </summary>
    public static bool OwnsType(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, string own, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        List<AttributeData> owns = Ordered(type, own);
        if (owns.Count == 0) return false;
        AttributeData first = owns[0];
        foreach (AttributeData here in owns)
            if (!SameApplication(here, first!) && IsOn(here, context.TargetNode))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateAttribute, LocationOf(here, cancellation), type.Name, ShortName(own)));
        // The first declaration parses the type only when it is the only one; the others reported above.
        if (owns.Count != 1) return false;

        List<AttributeData> networks = Ordered(type, LayeredNetwork);
        if (own == DynamicalModel)
        {
            foreach (AttributeData network in networks)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, LocationOf(network, cancellation), type.Name,
                    "DynamicalModel", "LayeredNetwork", "a type is either a dynamical model or a layered network"));
            return networks.Count == 0;
        }
        return Ordered(type, DynamicalModel).Count == 0;
    }

    /// <summary>
    /// The method attributes of one method in a model or network type: an [Activation] that is also
    /// the [VectorField] or [LayerMap], or a [LayerMap] in a model ([VectorField] in a network).
    /// </summary>
    public static void CheckMethod(IMethodSymbol method, string typeAttribute, List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        string role = typeAttribute == DynamicalModel ? VectorField : LayerMap;
        string foreign = typeAttribute == DynamicalModel ? LayerMap : VectorField;
        AttributeData? activation = Find(method, Activation);
        if (activation is not null && Find(method, role) is not null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, LocationOf(activation, cancellation), method.Name,
                ShortName(role), "Activation", "a method is either the " + ShortName(role) + " or an activation it calls"));
        if (Find(method, foreign) is { } misplaced)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedAttribute, LocationOf(misplaced, cancellation), ShortName(foreign), method.Name,
                $"'{method.ContainingType.Name}' is a [{ShortName(typeAttribute)}]; [{ShortName(foreign)}] belongs to a [{ShortName(foreign == VectorField ? DynamicalModel : LayeredNetwork)}] type"));
        if (Find(method, Measurement) is not { } measurement) return;
        if (typeAttribute != DynamicalModel)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedAttribute, LocationOf(measurement, cancellation), "Measurement", method.Name,
                $"'{method.ContainingType.Name}' is a [LayeredNetwork]; [Measurement] belongs to a [DynamicalModel] type"));
        else if (Find(method, VectorField) is not null || activation is not null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingAttributes, LocationOf(measurement, cancellation), method.Name,
                activation is not null ? "Activation" : "VectorField", "Measurement", "a method is either the vector field, the measurement or an activation they call"));
    }

    /// <summary>The [Measurement] attribute of a method, or null.</summary>
    public static AttributeData? MeasurementOf(IMethodSymbol method) => Find(method, Measurement);

    /// <summary>
    /// A [VectorField], [LayerMap] or [Activation] method in a type with neither [DynamicalModel] nor
    /// [LayeredNetwork]: the generator never looks at it, so say so at the attribute.
    /// </summary>
    public static EquatableArray<DiagnosticInfo> CheckStray(GeneratorAttributeSyntaxContext context, string attribute, CancellationToken cancellation)
    {
        if (context.TargetSymbol is not IMethodSymbol method || method.ContainingType is not { } type) return EquatableArray<DiagnosticInfo>.Empty;
        if (Ordered(type, DynamicalModel).Count > 0 || Ordered(type, LayeredNetwork).Count > 0) return EquatableArray<DiagnosticInfo>.Empty;
        var diagnostics = new List<DiagnosticInfo>();
        foreach (AttributeData data in context.Attributes)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedAttribute, LocationOf(data, cancellation), ShortName(attribute), method.Name,
                $"'{type.Name}' has neither [DynamicalModel] nor [LayeredNetwork]"));
        return diagnostics.ToEquatableArray();
    }

    private static List<AttributeData> Ordered(INamedTypeSymbol type, string fullName) =>
        type.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == fullName)
            .OrderBy(a => a.ApplicationSyntaxReference?.SyntaxTree.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(a => a.ApplicationSyntaxReference?.Span.Start ?? 0)
            .ToList();

    private static AttributeData? Find(IMethodSymbol method, string fullName) =>
        method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == fullName);

    /// <summary>Whether the attribute is written on this declaration (context.Attributes may list those of other partial declarations).</summary>
    private static bool IsOn(AttributeData attribute, SyntaxNode declaration) =>
        attribute.ApplicationSyntaxReference is { } reference && reference.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(reference.Span);

    private static bool SameApplication(AttributeData a, AttributeData b) =>
        a.ApplicationSyntaxReference is { } ra && b.ApplicationSyntaxReference is { } rb &&
        ra.SyntaxTree == rb.SyntaxTree && ra.Span == rb.Span;

    public static Location? LocationOf(AttributeData attribute, CancellationToken cancellation) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation();

    private static string ShortName(string fullName)
    {
        string name = fullName.Substring(fullName.LastIndexOf('.') + 1);
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
}
