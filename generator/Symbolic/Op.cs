namespace DeepestLearning.Generator.Symbolic;

/// <summary>The operations of the scalar expression graph.</summary>
internal enum Op
{
    // Leaves. For variables NodeSpec.Value holds the component index.
    Constant,
    State,      // x[i]: a differentiation variable, column i
    Parameter,  // p[i]: a differentiation variable, column D + i
    Stimulus,   // u[i]: a known input, not differentiated
    Weight,     // w[i]: the contraction weight of JacobianTransposeProduct / SecondDerivativeContraction

    // Binary.
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,

    // Unary.
    Negate,
    Exp,
    Log,
    Sqrt,
    Sin,
    Cos,
    Tan,
    Tanh,
    Sinh,
    Cosh,
    Atan,
    Abs,
    Sign,
}

internal static class OpFacts
{
    public static bool IsLeaf(this Op op) => op <= Op.Weight;

    public static bool IsVariable(this Op op) => op is Op.State or Op.Parameter;

    public static bool IsBinary(this Op op) => op is >= Op.Add and <= Op.Power;

    public static bool IsUnary(this Op op) => op >= Op.Negate;
}
