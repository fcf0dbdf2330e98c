using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DeepestLearning.Generator.Model;

/// <summary>
/// A diagnostic as plain, equatable data. A <see cref="Location"/> keeps the syntax tree alive
/// and never compares equal across compilations, so it must not cross the pipeline.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    EquatableArray<string> MessageArguments,
    string FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        location ??= Location.None;
        FileLinePositionSpan lineSpan = location.GetLineSpan();
        return new DiagnosticInfo(descriptor.Id, new EquatableArray<string>(arguments), lineSpan.Path ?? "", location.SourceSpan, lineSpan.Span);
    }

    public Diagnostic ToDiagnostic()
    {
        Location location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);
        object[] arguments = new object[MessageArguments.Count];
        for (int i = 0; i < arguments.Length; i++) arguments[i] = MessageArguments[i];
        return Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), location, arguments);
    }
}
