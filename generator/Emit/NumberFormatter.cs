using System.Globalization;

namespace DeepestLearning.Generator.Emit;

/// <summary>Formats doubles as C# literals that round-trip exactly, independent of the machine's culture.</summary>
internal static class NumberFormatter
{
    public static string Literal(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        // "R" may print "1" or "1E-05"; make sure the literal is a double, not an int.
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text + (text.IndexOf('E') >= 0 ? "d" : "") : text + ".0";
    }

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}
