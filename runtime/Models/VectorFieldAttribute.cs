using System;

namespace DeepestLearning;

/// <summary>
/// Marks the static method that computes dx/dt, with the signature
/// <c>(ReadOnlySpan&lt;double&gt; x, ReadOnlySpan&lt;double&gt; p, Span&lt;double&gt; dxdt)</c> or, for a
/// model with stimuli, <c>(ReadOnlySpan&lt;double&gt; x, ReadOnlySpan&lt;double&gt; p, ReadOnlySpan&lt;double&gt; u, Span&lt;double&gt; dxdt)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class VectorFieldAttribute : Attribute
{
}
