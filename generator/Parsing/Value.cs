namespace DeepestLearning.Generator.Parsing;

/// <summary>What an interpreted local or expression holds.</summary>
internal enum ValueKind : byte
{
    Unassigned,
    Integer,
    Boolean,
    Node,
    /// <summary>An integer or condition that is not known at compile time (depends on x, p or u).</summary>
    Unknown,
}

/// <summary>
/// One value of the body interpreter: an exact integer (every accepted integer type fits a long),
/// a compile-time condition, or a node of the expression graph.
/// </summary>
internal readonly struct Value
{
    private Value(ValueKind kind, long number)
    {
        Kind = kind;
        Number = number;
    }

    public ValueKind Kind { get; }
    public long Number { get; }
    public int Node => (int)Number;
    public bool Bool => Number != 0;

    public static Value Unassigned => default;
    public static Value Unknown => new(ValueKind.Unknown, 0);
    public static Value FromInteger(long value) => new(ValueKind.Integer, value);
    public static Value FromBool(bool value) => new(ValueKind.Boolean, value ? 1 : 0);
    public static Value FromNode(int node) => new(ValueKind.Node, node);
}
