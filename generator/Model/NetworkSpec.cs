namespace DeepestLearning.Generator.Model;

/// <summary>
/// Everything the emitter needs about one [LayeredNetwork] type, as equatable data (the cache
/// boundary). A dense network carries its activation g as a graph over one variable (x[0]); a
/// [LayerMap] network carries the layer map as a graph over x (Width states) and w (WeightsPerLayer
/// parameters), with one output node per neuron of the next layer.
/// </summary>
internal sealed record NetworkSpec(
    string? Namespace,
    EquatableArray<TypeDeclarationSpec> ContainingTypes,
    TypeDeclarationSpec Type,
    string HintName,
    int Layers,
    int InputWidth,
    int Width,
    int OutputWidth,
    bool IsDense,
    int WeightsPerLayer,
    string UserMethodName,
    EquatableArray<NodeSpec> Nodes,
    EquatableArray<int> Outputs);

/// <summary>What the network parse step returns: a network when it could be built, and any diagnostics.</summary>
internal sealed record NetworkParseResult(NetworkSpec? Network, EquatableArray<DiagnosticInfo> Diagnostics);
