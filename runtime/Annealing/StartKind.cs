namespace DeepestLearning;

/// <summary>How annealing builds its initial paths (see <see cref="StartPaths"/>).</summary>
public enum StartKind
{
    /// <summary>
    /// <see cref="Synchronized"/> when the data determine the unobserved components through the
    /// model — synchronized integrations from different initial states converge to one path
    /// (<see cref="StartPaths.Synchronizes{TModel}"/>) for most starts — otherwise <see cref="Uniform"/>.
    /// </summary>
    Automatic,

    /// <summary>
    /// Parameters from a Latin hypercube over their box (one stratum per start in every parameter),
    /// unobserved components integrated by the model with those parameters while the observed ones
    /// are held at the data. Starts differ where it matters: in parameters and in what the model makes of the data.
    /// </summary>
    Synchronized,

    /// <summary>Parameters and unobserved components drawn independently and uniformly within their bounds at every grid point (the field's classic start).</summary>
    Uniform,
}
