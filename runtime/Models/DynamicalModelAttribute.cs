using System;

namespace DeepestLearning;

/// <summary>
/// Declares a dynamical model dx/dt = F(x, p, u). The source generator differentiates the
/// type's <see cref="VectorFieldAttribute"/> method and makes the type implement
/// <see cref="IDynamicalModel{TSelf}"/>. The type must be <c>partial</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class DynamicalModelAttribute : Attribute
{
    /// <summary>Number of state components D.</summary>
    public int States { get; set; }

    /// <summary>Number of parameters P.</summary>
    public int Parameters { get; set; }

    /// <summary>Number of stimulus (forcing) inputs U.</summary>
    public int Stimuli { get; set; }
}
