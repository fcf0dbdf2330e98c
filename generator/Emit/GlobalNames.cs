namespace DeepestLearning.Generator.Emit;

/// <summary>Fully qualified names the emitted code uses, so generated files compile whatever the user's usings.</summary>
internal static class GlobalNames
{
    public const string Span = "global::System.Span<double>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<double>";
    public const string Pattern = "global::DeepestLearning.SparsityPattern";
    public const string Require = "global::DeepestLearning.ModelArguments.RequireLength";
}
