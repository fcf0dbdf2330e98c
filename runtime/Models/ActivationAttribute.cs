using System;

namespace DeepestLearning;

/// <summary>
/// Marks a static <c>double Name(double)</c> method that vector fields and layer maps may call.
/// The generator inlines and differentiates it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class ActivationAttribute : Attribute
{
}
