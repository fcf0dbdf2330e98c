using System;
using System.Diagnostics.CodeAnalysis;

namespace DeepestLearning;

/// <summary>
/// Length checks used by generated model members. The throw lives in a separate method so the
/// check stays a compare-and-branch in the hot path.
/// </summary>
public static class ModelArguments
{
    public static void RequireLength(int actual, int required, string argumentName)
    {
        if (actual < required) ThrowTooShort(actual, required, argumentName);
    }

    [DoesNotReturn]
    private static void ThrowTooShort(int actual, int required, string argumentName) =>
        throw new ArgumentException($"'{argumentName}' must have at least {required} elements but has {actual}.", argumentName);
}
