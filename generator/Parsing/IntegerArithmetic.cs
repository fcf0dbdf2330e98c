using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeepestLearning.Generator.Parsing;

/// <summary>
/// C# integer arithmetic, computed exactly. Every accepted integer type (sbyte … uint, long) fits a
/// long, so an operation is done in checked long arithmetic and the result is range-checked against
/// the C# result type: where C# would wrap (unchecked) or throw (checked, or MinValue / -1), the
/// interpreter reports an overflow instead of silently producing a different number.
/// </summary>
internal static class IntegerArithmetic
{
    /// <summary>The integer types whose locals and results the interpreter runs; ulong does not fit a long and is rejected.</summary>
    public static bool IsSupported(ITypeSymbol? type) => type is not null && type.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64;

    /// <summary>Any integral type, including the unsupported ulong and char (which C# treats as an integer).</summary>
    public static bool IsIntegral(ITypeSymbol? type) => IsSupported(type) || type?.SpecialType is SpecialType.System_UInt64 or SpecialType.System_Char;

    public static bool Fits(long value, SpecialType type) => type switch
    {
        SpecialType.System_SByte => value >= sbyte.MinValue && value <= sbyte.MaxValue,
        SpecialType.System_Byte => value >= byte.MinValue && value <= byte.MaxValue,
        SpecialType.System_Int16 => value >= short.MinValue && value <= short.MaxValue,
        SpecialType.System_UInt16 => value >= ushort.MinValue && value <= ushort.MaxValue,
        SpecialType.System_Int32 => value >= int.MinValue && value <= int.MaxValue,
        SpecialType.System_UInt32 => value >= uint.MinValue && value <= uint.MaxValue,
        SpecialType.System_Int64 => true,
        _ => false,
    };

    private static long MinValue(SpecialType type) => type == SpecialType.System_Int64 ? long.MinValue : type == SpecialType.System_Int32 ? int.MinValue : 0;

    /// <summary>The outcome of one operation: a value, or why there is none.</summary>
    public enum Outcome { Value, Overflow, DivideByZero, Unsupported }

    /// <summary>left op right in the C# result type <paramref name="type"/> (or, for compound assignments, the local's type).</summary>
    public static Outcome Binary(SyntaxKind kind, long left, long right, SpecialType type, out long result)
    {
        result = 0;
        try
        {
            switch (kind)
            {
                case SyntaxKind.AddExpression or SyntaxKind.AddAssignmentExpression: result = checked(left + right); break;
                case SyntaxKind.SubtractExpression or SyntaxKind.SubtractAssignmentExpression: result = checked(left - right); break;
                case SyntaxKind.MultiplyExpression or SyntaxKind.MultiplyAssignmentExpression: result = checked(left * right); break;
                case SyntaxKind.DivideExpression or SyntaxKind.DivideAssignmentExpression:
                    if (right == 0) return Outcome.DivideByZero;
                    if (right == -1 && left == long.MinValue) return Outcome.Overflow;
                    result = left / right;
                    break;
                case SyntaxKind.ModuloExpression or SyntaxKind.ModuloAssignmentExpression:
                    if (right == 0) return Outcome.DivideByZero;
                    // C# throws for MinValue % -1 exactly where MinValue / -1 overflows.
                    if (right == -1) return left == MinValue(type) ? Outcome.Overflow : Outcome.Value;
                    result = left % right;
                    break;
                // Operands are in range of the promoted type, so two's complement on longs gives the C# result.
                case SyntaxKind.BitwiseAndExpression or SyntaxKind.AndAssignmentExpression: result = left & right; break;
                case SyntaxKind.BitwiseOrExpression or SyntaxKind.OrAssignmentExpression: result = left | right; break;
                case SyntaxKind.ExclusiveOrExpression or SyntaxKind.ExclusiveOrAssignmentExpression: result = left ^ right; break;
                default: return Outcome.Unsupported;
            }
        }
        catch (OverflowException)
        {
            return Outcome.Overflow;
        }
        return Fits(result, type) ? Outcome.Value : Outcome.Overflow;
    }

    /// <summary>-value in <paramref name="type"/>; negating MinValue overflows.</summary>
    public static Outcome Negate(long value, SpecialType type, out long result)
    {
        result = 0;
        if (value == long.MinValue) return Outcome.Overflow;
        result = -value;
        return Fits(result, type) ? Outcome.Value : Outcome.Overflow;
    }
}
