namespace DeepestLearning.Generator.Parsing;

/// <summary>What a parameter of the [VectorField] method stands for.</summary>
internal enum InputRole
{
    State,
    Parameter,
    Stimulus,
    Output,
}
