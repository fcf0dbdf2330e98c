using System;

namespace DeepestLearning;

/// <summary>
/// Marks the static method <c>(ReadOnlySpan&lt;double&gt; x, ReadOnlySpan&lt;double&gt; w, Span&lt;double&gt; next)</c>
/// of a <see cref="LayeredNetworkAttribute"/> type that maps one layer to the next with the layer's
/// weights w (length WeightsPerLayer). It is differentiated like a vector field.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class LayerMapAttribute : Attribute
{
}
