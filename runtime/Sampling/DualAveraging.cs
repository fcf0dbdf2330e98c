using System;

namespace DeepestLearning;

/// <summary>
/// Step-size adaptation by dual averaging (Hoffman and Gelman 2014, "The No-U-Turn Sampler", §3.2, after
/// Nesterov 2009): log ε is driven so that the running mean of δ − α (target minus observed acceptance
/// probability) goes to zero, with shrinkage towards μ = log(10 ε₀); after the warm-up the averaged iterate ε̄ is used.
/// </summary>
internal sealed class DualAveraging
{
    private const double Gamma = 0.05, T0 = 10, Kappa = 0.75;
    private readonly double _target, _mu;
    private double _meanError, _logStep, _logAveraged;
    private int _iteration;

    /// <param name="initialStep">ε₀, the step size found before the warm-up.</param>
    /// <param name="target">δ, the acceptance probability aimed at.</param>
    public DualAveraging(double initialStep, double target)
    {
        _target = target;
        _mu = Math.Log(10 * initialStep);
        _logStep = Math.Log(initialStep);
        _logAveraged = 0;
    }

    /// <summary>The step size to use for the next iteration of the warm-up.</summary>
    public double Step => Math.Exp(_logStep);

    /// <summary>The averaged step size ε̄: the one to keep after the warm-up.</summary>
    public double AveragedStep => Math.Exp(_logAveraged);

    /// <summary>Records the acceptance probability of the iteration just run.</summary>
    public void Update(double acceptance)
    {
        if (!double.IsFinite(acceptance)) acceptance = 0;
        _iteration++;
        double m = _iteration;
        double weight = 1.0 / (m + T0);
        _meanError = (1 - weight) * _meanError + weight * (_target - acceptance);
        _logStep = _mu - Math.Sqrt(m) / Gamma * _meanError;
        double eta = Math.Pow(m, -Kappa);
        _logAveraged = eta * _logStep + (1 - eta) * _logAveraged;
    }
}
