namespace DeepestLearning.Generator.Model;

/// <summary>
/// Everything the emitter needs about one [DynamicalModel] type, as equatable data: the cache
/// boundary of the incremental pipeline. An unrelated edit produces an equal spec and so no
/// regeneration.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    EquatableArray<TypeDeclarationSpec> ContainingTypes,
    TypeDeclarationSpec Type,
    string HintName,
    int States,
    int Parameters,
    int Stimuli,
    string UserMethodName,
    EquatableArray<NodeSpec> Nodes,
    EquatableArray<int> Outputs,
    MeasurementSpec? Measurement = null);

/// <summary>
/// The model's [Measurement] method h(x, p[, u]) → y as its own expression graph: its name, its output count M
/// and the node of each output. Null in <see cref="ModelSpec"/> when the model declares none.
/// </summary>
internal sealed record MeasurementSpec(string UserMethodName, int Count, EquatableArray<NodeSpec> Nodes, EquatableArray<int> Outputs);

/// <summary>A type declaration to re-open as partial: its keyword (class, struct, record, record struct) and name with type parameters.</summary>
internal sealed record TypeDeclarationSpec(string Keyword, string Name);

/// <summary>What the parse step returns: a model when it could be built, and any diagnostics.</summary>
internal sealed record ModelParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);
