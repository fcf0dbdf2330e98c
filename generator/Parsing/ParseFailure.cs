using System;
using DeepestLearning.Generator.Model;

namespace DeepestLearning.Generator.Parsing;

/// <summary>Stops interpretation at the first unsupported construct; carries the diagnostic to report.</summary>
internal sealed class ParseFailure : Exception
{
    public ParseFailure(DiagnosticInfo diagnostic) : base(diagnostic.Id) => Diagnostic = diagnostic;

    public DiagnosticInfo Diagnostic { get; }
}
