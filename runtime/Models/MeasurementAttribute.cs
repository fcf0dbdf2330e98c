using System;

namespace DeepestLearning;

/// <summary>
/// Marks the static method that says what a sensor sees, y = h(x, p) or, for a model with stimuli,
/// y = h(x, p, u): <c>(ReadOnlySpan&lt;double&gt; x, ReadOnlySpan&lt;double&gt; p, Span&lt;double&gt; y)</c> or
/// <c>(ReadOnlySpan&lt;double&gt; x, ReadOnlySpan&lt;double&gt; p, ReadOnlySpan&lt;double&gt; u, Span&lt;double&gt; y)</c>,
/// declared on a <see cref="DynamicalModelAttribute"/> type. The generator differentiates it like the vector
/// field; the observations of a problem for this model are then outputs of h (their columns name outputs,
/// not state components). Without it an observation is a state component.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class MeasurementAttribute : Attribute
{
    /// <summary>M, the number of outputs h writes (at least 1).</summary>
    public int Outputs { get; set; }
}
