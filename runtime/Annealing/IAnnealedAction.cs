using System;

namespace DeepestLearning;

/// <summary>
/// What precision annealing needs of an action besides minimizing it: its model precision is
/// R_f = R_f0 · scale with the action's own R_f0 (per state component for a model, one value for a
/// network), and each evaluation leaves its two terms behind. Implemented by
/// <see cref="ActionFunction{TModel}"/> and <see cref="NetworkAction{TNet}"/>, so one annealing driver serves both.
/// </summary>
public interface IAnnealedAction : IObjective
{
    /// <summary>Sets R_f = R_f0 · <paramref name="scale"/> (scale = α^β).</summary>
    void SetPrecisionScale(double scale);

    /// <summary>The action alone (no gradient); leaves both terms behind like every evaluation.</summary>
    double Value(ReadOnlySpan<double> packed);

    /// <summary>Measurement term of the last evaluation.</summary>
    double LastMeasurementTerm { get; }

    /// <summary>Model term of the last evaluation.</summary>
    double LastModelTerm { get; }
}

/// <summary>Reads the quantities recorded per level (a model's full parameter vector, a network's weights) out of a packed path.</summary>
public delegate void PathParameters(ReadOnlySpan<double> packed, Span<double> parameters);
