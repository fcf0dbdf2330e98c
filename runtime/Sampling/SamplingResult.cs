using System;

namespace DeepestLearning;

/// <summary>
/// What <see cref="HamiltonianSampler"/> drew from P(X | Y) ∝ exp(−A(X)) at one R_f: every kept draw of every
/// chain, and from them the posterior mean path, the standard deviation of every variable, the parameter draws,
/// the acceptance rate, and R̂ and the effective sample size per variable.
/// </summary>
/// <remarks>Variables are in the packed order of the problem (<see cref="AssimilationProblem{TModel}.Pack(ReadOnlySpan{double}, ReadOnlySpan{double})"/>): the grid states, the Hermite–Simpson midpoints, then the estimated parameters.</remarks>
public sealed class SamplingResult
{
    private readonly double[][] _draws;
    private readonly double[] _mean, _std, _rhat, _ess;

    internal SamplingResult(int steps, int stateCount, int parameterOffset, int[] estimatedParameters, int parameterCount, double[] modelPrecision,
        double[][] draws, double[] mean, double[] std, double[] rhat, double[] ess, ChainSummary[] chainSummaries, TimeSpan elapsed)
    {
        Steps = steps;
        StateCount = stateCount;
        ParameterOffset = parameterOffset;
        EstimatedParameters = estimatedParameters;
        ParameterCount = parameterCount;
        ModelPrecision = modelPrecision;
        _draws = draws;
        _mean = mean;
        _std = std;
        _rhat = rhat;
        _ess = ess;
        ChainSummaries = chainSummaries;
        Elapsed = elapsed;
        Dimension = mean.Length;
        DrawsPerChain = draws[0].Length / Dimension;
    }

    /// <summary>How one chain ran.</summary>
    /// <param name="StepSize">The adapted step size ε̄ used after the warm-up.</param>
    /// <param name="TrajectoryLength">T: each trajectory runs about T / ε steps (jittered by ±20 %).</param>
    /// <param name="MeanLeapfrogSteps">The mean number of leapfrog steps per kept iteration.</param>
    /// <param name="Acceptance">The mean Metropolis acceptance probability over the kept iterations.</param>
    /// <param name="Divergences">Kept iterations whose trajectory failed (a non-finite action, or an energy error above 1000).</param>
    /// <param name="GradientEvaluations">Action gradients evaluated, warm-up included.</param>
    /// <param name="Bounces">Reflections at box bounds, warm-up included.</param>
    /// <param name="Mass">The mass matrix used.</param>
    /// <param name="MassExplanation">How the mass matrix and the trajectory length were found.</param>
    public sealed record ChainSummary(double StepSize, double TrajectoryLength, double MeanLeapfrogSteps, double Acceptance, int Divergences,
        long GradientEvaluations, long Bounces, MassMatrixKind Mass, string MassExplanation);

    /// <summary>N: the grid has N + 1 points.</summary>
    public int Steps { get; }

    /// <summary>D, the model's state count.</summary>
    public int StateCount { get; }

    /// <summary>Where the estimated parameters start in the packed vector.</summary>
    public int ParameterOffset { get; }

    /// <summary>Model indices of the estimated parameters.</summary>
    public int[] EstimatedParameters { get; }

    /// <summary>The model's parameter count (fixed ones included).</summary>
    public int ParameterCount { get; }

    /// <summary>The R_f per state component of the action that was sampled.</summary>
    public double[] ModelPrecision { get; }

    /// <summary>The length of the packed vector.</summary>
    public int Dimension { get; }

    /// <summary>Chains run.</summary>
    public int Chains => _draws.Length;

    /// <summary>Kept draws per chain.</summary>
    public int DrawsPerChain { get; }

    /// <summary>Per chain: step size, trajectory length, acceptance, cost.</summary>
    public ChainSummary[] ChainSummaries { get; }

    /// <summary>Wall-clock time of the sampling, diagnostics included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The mean acceptance probability over every kept iteration of every chain.</summary>
    public double AcceptanceRate
    {
        get
        {
            double sum = 0;
            foreach (ChainSummary s in ChainSummaries) sum += s.Acceptance;
            return sum / ChainSummaries.Length;
        }
    }

    /// <summary>Gradient evaluations of all chains, warm-up included: the sampler's cost in units of the minimizers'.</summary>
    public long GradientEvaluations
    {
        get
        {
            long sum = 0;
            foreach (ChainSummary s in ChainSummaries) sum += s.GradientEvaluations;
            return sum;
        }
    }

    /// <summary>The posterior mean of every packed variable.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>The posterior standard deviation of every packed variable.</summary>
    public ReadOnlySpan<double> Std => _std;

    /// <summary>Split R̂ of every packed variable (<see cref="ChainDiagnostics.SplitRhat"/>).</summary>
    public ReadOnlySpan<double> Rhat => _rhat;

    /// <summary>The effective sample size of every packed variable (<see cref="ChainDiagnostics.EffectiveSampleSize"/>).</summary>
    public ReadOnlySpan<double> EffectiveSampleSize => _ess;

    /// <summary>The largest R̂ over all variables (NaN ones skipped).</summary>
    public double MaxRhat => Extreme(_rhat, max: true);

    /// <summary>The smallest effective sample size over all variables (NaN ones skipped).</summary>
    public double MinEffectiveSampleSize => Extreme(_ess, max: false);

    /// <summary>The mean path on the grid, (N + 1) × D row-major.</summary>
    public ReadOnlySpan<double> MeanPath => _mean.AsSpan(0, (Steps + 1) * StateCount);

    /// <summary>The standard deviation of every grid state, (N + 1) × D row-major.</summary>
    public ReadOnlySpan<double> StateStd => _std.AsSpan(0, (Steps + 1) * StateCount);

    /// <summary>The draws of chain <paramref name="chain"/>, <see cref="DrawsPerChain"/> × <see cref="Dimension"/> row-major.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chain"/> is not a chain index.</exception>
    public ReadOnlySpan<double> ChainDraws(int chain)
    {
        ModelArguments.RequireIndex(chain, Chains, nameof(chain));
        return _draws[chain];
    }

    /// <summary>Every draw of variable <paramref name="index"/>, chain-major (the layout <see cref="ChainDiagnostics"/> reads).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a packed index.</exception>
    public double[] VariableDraws(int index)
    {
        ModelArguments.RequireIndex(index, Dimension, nameof(index));
        var values = new double[Chains * DrawsPerChain];
        for (int c = 0; c < Chains; c++)
            for (int s = 0; s < DrawsPerChain; s++) values[c * DrawsPerChain + s] = _draws[c][s * Dimension + index];
        return values;
    }

    /// <summary>The draws of the estimated parameters, (chains · draws) × k row-major in <see cref="EstimatedParameters"/> order, chain-major.</summary>
    public double[] ParameterDraws()
    {
        int k = EstimatedParameters.Length, total = Chains * DrawsPerChain;
        var values = new double[total * k];
        for (int c = 0; c < Chains; c++)
            for (int s = 0; s < DrawsPerChain; s++)
                for (int r = 0; r < k; r++) values[(c * DrawsPerChain + s) * k + r] = _draws[c][s * Dimension + ParameterOffset + r];
        return values;
    }

    /// <summary>Posterior means indexed like the model's parameters; NaN for fixed ones.</summary>
    public double[] ParameterMean() => ByParameter(_mean);

    /// <summary>Posterior standard deviations indexed like the model's parameters; NaN for fixed ones.</summary>
    public double[] ParameterStd() => ByParameter(_std);

    private double[] ByParameter(double[] packed)
    {
        var values = new double[ParameterCount];
        Array.Fill(values, double.NaN);
        for (int r = 0; r < EstimatedParameters.Length; r++) values[EstimatedParameters[r]] = packed[ParameterOffset + r];
        return values;
    }

    private static double Extreme(double[] values, bool max)
    {
        double result = double.NaN;
        foreach (double v in values)
        {
            if (double.IsNaN(v)) continue;
            if (double.IsNaN(result) || (max ? v > result : v < result)) result = v;
        }
        return result;
    }
}
