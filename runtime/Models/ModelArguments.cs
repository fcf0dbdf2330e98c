using System;
using System.Diagnostics.CodeAnalysis;

namespace DeepestLearning;

/// <summary>
/// Length and index checks used by generated model and network members. The throw lives in a separate method so the
/// check stays a compare-and-branch in the hot path.
/// </summary>
public static class ModelArguments
{
    public static void RequireLength(int actual, int required, string argumentName)
    {
        if (actual < required) ThrowTooShort(actual, required, argumentName);
    }

    /// <summary>Requires 0 ≤ index &lt; count (a layer index of a generated network, for example).</summary>
    public static void RequireIndex(int index, int count, string argumentName)
    {
        if ((uint)index >= (uint)count) ThrowOutOfRange(index, count, argumentName);
    }

    [DoesNotReturn]
    private static void ThrowOutOfRange(int index, int count, string argumentName) =>
        throw new ArgumentOutOfRangeException(argumentName, index, $"'{argumentName}' must lie in 0 … {count - 1}.");

    [DoesNotReturn]
    private static void ThrowTooShort(int actual, int required, string argumentName) =>
        throw new ArgumentException($"'{argumentName}' must have at least {required} elements but has {actual}.", argumentName);
}
