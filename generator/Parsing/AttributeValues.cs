using Microsoft.CodeAnalysis;

namespace DeepestLearning.Generator.Parsing;

/// <summary>Reading the counts of [DynamicalModel] and [LayeredNetwork], and the words diagnostics use for them.</summary>
internal static class AttributeValues
{
    /// <summary>An integer in invariant culture, as diagnostics print it.</summary>
    public static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Why a count above the statement limit is rejected (DL0006, DL0026).</summary>
    public static string TooLarge(string name, int count) =>
        $"{name} must be at most {BodyInterpreter.MaxStatements.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} (it is {Text(count)}): each one is written or read by an evaluated statement, and a body runs at most that many";

    /// <summary>A named int argument of an attribute, or 0 when it is absent.</summary>
    public static int NamedInt(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
            if (pair.Key == name && pair.Value.Value is int value) return value;
        return 0;
    }
}
