using System;
using System.Collections.Generic;
using DeepestLearning.Generator.Model;

namespace DeepestLearning.Generator.Parsing;

/// <summary>
/// Stops interpretation at an unsupported construct that cannot be stepped over; carries the
/// diagnostics to report (that one, after those recovered from earlier in the same body).
/// </summary>
internal sealed class ParseFailure : Exception
{
    public ParseFailure(DiagnosticInfo diagnostic) : base(diagnostic.Id) => Diagnostics = new[] { diagnostic };

    public ParseFailure(IReadOnlyList<DiagnosticInfo> diagnostics) : base(diagnostics.Count > 0 ? diagnostics[0].Id : "") => Diagnostics = diagnostics;

    /// <summary>In source order of discovery; never empty.</summary>
    public IReadOnlyList<DiagnosticInfo> Diagnostics { get; }

    /// <summary>The first diagnostic (the one that stopped a body without earlier recovered ones).</summary>
    public DiagnosticInfo Diagnostic => Diagnostics[0];
}
