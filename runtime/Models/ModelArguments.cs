using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace DeepestLearning;

/// <summary>
/// The library's one helper for length and index checks: generated model and network members and
/// the runtime both call it, so a wrong size reads the same everywhere and names the argument.
/// The throw lives in a separate method so the check stays a compare-and-branch in the hot path.
/// Public only because generated code in user assemblies calls it; hidden from IntelliSense.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ModelArguments
{
    /// <summary>Requires a span of at least <paramref name="required"/> elements (generated members check every span argument this way).</summary>
    /// <param name="actual">The span's length.</param>
    /// <param name="required">The smallest acceptable length.</param>
    /// <param name="argumentName">The parameter name reported in the exception.</param>
    /// <exception cref="ArgumentException"><paramref name="actual"/> &lt; <paramref name="required"/>; the message names the argument and both lengths.</exception>
    public static void RequireLength(int actual, int required, string argumentName)
    {
        if (actual < required) ThrowTooShort(actual, required, argumentName);
    }

    /// <summary>Requires exactly <paramref name="required"/> elements: a whole vector such as a packed point, a gradient or a Hessian's values.</summary>
    /// <exception cref="ArgumentException"><paramref name="actual"/> ≠ <paramref name="required"/>; the message names the argument and both lengths.</exception>
    internal static void RequireExactLength(int actual, int required, string argumentName)
    {
        if (actual != required) ThrowWrongLength(actual, required, argumentName);
    }

    /// <summary>Requires 0 ≤ index &lt; count (a layer index of a generated network, for example).</summary>
    public static void RequireIndex(int index, int count, string argumentName)
    {
        if ((uint)index >= (uint)count) ThrowOutOfRange(index, count, argumentName);
    }

    /// <summary>
    /// The length of an array the exact Hessian needs, computed in 64 bits: refused, naming the argument, when no
    /// array can hold it (a dense model over many steps) — before the int arithmetic behind it would wrap.
    /// </summary>
    /// <param name="length">The length needed.</param>
    /// <param name="argumentName">The parameter name reported in the exception (the problem).</param>
    /// <param name="what">What needs the array, for the message.</param>
    /// <exception cref="ArgumentException"><paramref name="length"/> exceeds <see cref="Array.MaxLength"/>.</exception>
    internal static int RequireArrayLength(long length, string argumentName, string what)
    {
        if (length > Array.MaxLength)
            throw new ArgumentException($"{what} would need {length:N0} entries, more than one array can hold ({Array.MaxLength:N0}): use fewer steps or a smaller model, or a first-order minimizer (L-BFGS-B needs no Hessian).", argumentName);
        return (int)length;
    }

    [DoesNotReturn]
    private static void ThrowOutOfRange(int index, int count, string argumentName) =>
        throw new ArgumentOutOfRangeException(argumentName, index, $"'{argumentName}' must lie in 0 … {count - 1}.");

    [DoesNotReturn]
    private static void ThrowWrongLength(int actual, int required, string argumentName) =>
        throw new ArgumentException($"'{argumentName}' must have {required} entries, not {actual}.", argumentName);

    [DoesNotReturn]
    private static void ThrowTooShort(int actual, int required, string argumentName) =>
        throw new ArgumentException($"'{argumentName}' must have at least {required} elements but has {actual}.", argumentName);
}
