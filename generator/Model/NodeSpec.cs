using System;
using DeepestLearning.Generator.Symbolic;

namespace DeepestLearning.Generator.Model;

/// <summary>
/// One node of the parsed expression DAG in flat, equatable form: an operation, up to two
/// operand node ids (always smaller than this node's id), and a payload (the value of a
/// constant, the index of a variable, or the integer exponent of a power).
/// </summary>
internal readonly record struct NodeSpec(Op Op, int Left, int Right, double Value) : IEquatable<NodeSpec>;
