using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DeepestLearning;

/// <summary>Which case an annealing run ended in (see <see cref="AnnealingVerdict"/>).</summary>
public enum VerdictKind
{
    /// <summary>The lowest level fits the data to the noise (measurement term within 3 sd of χ²), sits on a plateau, and every estimated parameter is determined.</summary>
    Consistent,

    /// <summary>The data determine the parameters (Cramér–Rao bounds narrow), but the lowest level does not fit them to the noise: the search did not find the consistent minimum.</summary>
    SearchFailure,

    /// <summary>Some parameter (or combination) is not determined by these data: its Cramér–Rao bound is wide or the Fisher information is singular. The fit may be good; the answer for those parameters is not.</summary>
    InformationLimit,

    /// <summary>The fit is consistent with the noise and the parameters are determined, but the level has not settled: R_f has not been raised far enough.</summary>
    Unconverged,
}

/// <summary>
/// What an annealing run can say about itself from evidence it already computes: the
/// measurement term of the lowest level against its χ² expectation (½ per measurement, standard
/// deviation √(M/2)), whether the lowest level is flat over the last levels, how many starts reached
/// it, and the Cramér–Rao bounds at the estimate. <see cref="Kind"/> is the case,
/// <see cref="Explanation"/> says why in one paragraph and what to try.
/// </summary>
public sealed class AnnealingVerdict
{
    /// <summary>A parameter is "determined" when its Cramér–Rao standard deviation is at most this fraction of its scale (5 %).</summary>
    public const double DeterminedFraction = 0.05;

    /// <summary>The measurement term is consistent with the noise when it lies within this many standard deviations of its χ² expectation.</summary>
    public const double ChiSquareDeviations = 3.0;


    internal AnnealingVerdict(VerdictKind kind, string explanation, double measurementTerm, int measurements, double levelChange, int levelWindow,
        int startsAtLowest, int starts, double[]? relativeBounds, string[]? undetermined)
    {
        Kind = kind;
        Explanation = explanation;
        MeasurementTerm = measurementTerm;
        Measurements = measurements;
        LevelChange = levelChange;
        LevelWindow = levelWindow;
        StartsAtLowest = startsAtLowest;
        Starts = starts;
        RelativeBounds = relativeBounds;
        UndeterminedParameters = undetermined ?? Array.Empty<string>();
    }

    /// <summary>Which case the run ended in.</summary>
    public VerdictKind Kind { get; }

    /// <summary>Why, in words, and what to try next.</summary>
    public string Explanation { get; }

    /// <summary>The lowest level's measurement term at the last β.</summary>
    public double MeasurementTerm { get; }

    /// <summary>Number of scalar measurements M; the measurement term's χ² expectation is M/2 with standard deviation √(M/2).</summary>
    public int Measurements { get; }

    /// <summary>M/2, the measurement term's χ² expectation.</summary>
    public double ExpectedMeasurementTerm => Measurements / 2.0;
    /// <summary>√(M/2), the measurement term's standard deviation under the noise model.</summary>
    public double ExpectedMeasurementStd => Math.Sqrt(Measurements / 2.0);

    /// <summary>(measurement term − expectation) / standard deviation.</summary>
    public double MeasurementDeviation => Measurements == 0 ? 0 : (MeasurementTerm - ExpectedMeasurementTerm) / ExpectedMeasurementStd;

    /// <summary>The change of the lowest action still to come, projected from the last <see cref="LevelWindow"/> levels (<see cref="Plateau"/>), in units of the action.</summary>
    public double LevelChange { get; }

    /// <summary>How many level-to-level changes the plateau judgement looked at.</summary>
    public int LevelWindow { get; }

    /// <summary>How many starts ended on the lowest level (actions within 1e-4 relative).</summary>
    public int StartsAtLowest { get; }

    /// <summary>How many starts were annealed.</summary>
    public int Starts { get; }

    /// <summary>Cramér–Rao standard deviation of every parameter relative to its scale (NaN for fixed ones), or null when not assessed.</summary>
    public double[]? RelativeBounds { get; }

    /// <summary>Names of the parameters the data do not determine (empty when all are, or when not assessed).</summary>
    public IReadOnlyList<string> UndeterminedParameters { get; }

    /// <summary>"consistent", "search failure", "information limit" or "unconverged".</summary>
    public string Name => Describe(Kind);

    /// <summary>The case's name in words ("consistent", "search failure", "information limit", "unconverged").</summary>
    public static string Describe(VerdictKind kind) => kind switch
    {
        VerdictKind.Consistent => "consistent",
        VerdictKind.SearchFailure => "search failure",
        VerdictKind.InformationLimit => "information limit",
        _ => "unconverged",
    };

    /// <summary>
    /// Judges a finished run. <paramref name="lowestPerLevel"/> is the lowest action at every visited
    /// level in order, judged settled by <see cref="Plateau"/> with <paramref name="alpha"/>,
    /// <paramref name="plateauLevels"/> and <paramref name="plateauAction"/>; <paramref name="finalActions"/> every start's action at the last level;
    /// <paramref name="fisher"/> the Fisher information at the estimate (null when it could not be
    /// computed, e.g. for networks) with <paramref name="parameterScales"/> the scale each bound is
    /// compared with and <paramref name="parameterNames"/> for the explanation;
    /// <paramref name="dataOutsideBounds"/> counts measurements the state bounds exclude by more than 3σ.
    /// </summary>
    public static AnnealingVerdict Judge(double measurementTerm, int measurements, ReadOnlySpan<double> lowestPerLevel, double alpha, int plateauLevels, double plateauAction,
        ReadOnlySpan<double> finalActions, FisherInformation? fisher, ReadOnlySpan<double> parameterScales, IReadOnlyList<string>? parameterNames, int dataOutsideBounds = 0)
    {
        if (measurements < 0) throw new ArgumentOutOfRangeException(nameof(measurements), measurements, "the number of measurements must not be negative.");
        if (lowestPerLevel.IsEmpty) throw new ArgumentException("at least one level is needed.", nameof(lowestPerLevel));
        if (finalActions.IsEmpty) throw new ArgumentException("at least one start is needed.", nameof(finalActions));

        int window = plateauLevels;
        double change = Plateau.RemainingChange(lowestPerLevel, alpha, window);
        bool plateau = change <= plateauAction;

        double lowest = double.PositiveInfinity;
        foreach (double a in finalActions) lowest = Math.Min(lowest, a);
        int atLowest = 0;
        foreach (double a in finalActions) if (Math.Abs(a - lowest) <= 1e-4 * Math.Max(Math.Abs(a), Math.Abs(lowest))) atLowest++;

        double expected = measurements / 2.0, sd = Math.Sqrt(measurements / 2.0);
        double deviation = measurements == 0 ? 0 : (measurementTerm - expected) / sd;
        bool fitsNoise = Math.Abs(deviation) <= ChiSquareDeviations;

        double[]? relative = null;
        var undetermined = new List<string>();
        string information = "information not assessed";
        if (fisher is not null)
        {
            if (parameterScales.Length != fisher.ParameterCount)
                throw new ArgumentException($"parameterScales must have {fisher.ParameterCount} entries, not {parameterScales.Length}.", nameof(parameterScales));
            double[] std = fisher.ParameterStd();
            relative = new double[std.Length];
            for (int k = 0; k < std.Length; k++)
            {
                relative[k] = std[k] / parameterScales[k];
                bool estimated = Array.IndexOf(fisher.EstimatedParameters, k) >= 0;
                if (estimated && !(relative[k] <= DeterminedFraction)) undetermined.Add(ParameterName(parameterNames, k));
            }
            if (!fisher.Identifiable)
                information = $"the Fisher information is singular: {fisher.Describe(fisher.DependentUnknown)} is not determined independently of the unknowns before it";
            else if (undetermined.Count > 0)
                information = $"Cramér–Rao bounds above {DeterminedFraction:P0} for {string.Join(", ", undetermined)}";
            else
                information = $"every parameter determined (largest Cramér–Rao bound {Max(relative, fisher.EstimatedParameters):P1})";
            if (!fisher.Identifiable && undetermined.Count == 0) undetermined.Add(fisher.Describe(fisher.DependentUnknown));
        }

        string fit = measurements == 0 ? "no measurements" :
            string.Create(CultureInfo.InvariantCulture, $"measurement term {measurementTerm:G5} against χ² {expected:G5} ± {sd:G3} ({deviation:+0.0;-0.0} sd)");
        string levels = double.IsPositiveInfinity(change) ? "too few levels to judge the plateau"
            : string.Create(CultureInfo.InvariantCulture, $"lowest level {(plateau ? "settled" : "still moving")}: projected remaining change {change:G2} (tolerance {plateauAction:G2})");
        string starts = $"{atLowest} of {finalActions.Length} starts at the lowest level";
        string evidence = $"{fit}; {levels}; {starts}; {information}.";
        if (dataOutsideBounds > 0) evidence += $" {dataOutsideBounds} measurements lie more than 3σ outside the state bounds: no path within the bounds can fit them — widen the bounds.";

        VerdictKind kind;
        string advice;
        if (undetermined.Count > 0)
        {
            kind = VerdictKind.InformationLimit;
            advice = "These data cannot pin down the parameters named; a longer record, another stimulus, more observed components or less noise can (compare designs with FisherInformation at plausible values), or fix the undetermined ones.";
        }
        else if (!fitsNoise && deviation > 0 || dataOutsideBounds > 0)
        {
            kind = VerdictKind.SearchFailure;
            advice = fisher is null
                ? "The lowest level does not fit the data to the noise. Try more starts, a smaller α, or a second-order minimizer; if every start ends on the same level, check the model and the noise level."
                : "The data determine the parameters, yet the lowest level does not fit them to the noise: the search missed the consistent minimum. Try more starts, a smaller α, or a second-order minimizer; if every start ends on the same level, check the model, the bounds and the noise level.";
        }
        else if (!fitsNoise || !plateau)
        {
            kind = VerdictKind.Unconverged;
            advice = deviation < -ChiSquareDeviations
                ? "The path fits the data more closely than the noise allows: the model is not yet enforced. Raise β_max."
                : "The level is still moving: raise β_max so that R_f grows until it settles.";
        }
        else
        {
            kind = VerdictKind.Consistent;
            advice = "The estimate is the consistent minimum for these data.";
        }
        return new AnnealingVerdict(kind, $"{Describe(kind)}: {evidence} {advice}", measurementTerm, measurements, change, window, atLowest, finalActions.Length,
            relative, undetermined.ToArray());
    }

    private static string ParameterName(IReadOnlyList<string>? names, int k) => names is not null && k < names.Count ? names[k] : $"p[{k}]";

    private static double Max(double[] values, int[] indices)
    {
        double max = 0;
        foreach (int k in indices) max = Math.Max(max, values[k]);
        return max;
    }

    /// <summary>
    /// The scale a parameter's bound is compared with: |value|, or 1 % of its box width when the value
    /// is within that of zero (a relative error of a parameter near zero means nothing).
    /// </summary>
    public static double ParameterScale(double value, double lower, double upper)
    {
        double width = double.IsFinite(upper - lower) ? upper - lower : 0;
        return Math.Max(Math.Abs(value), Math.Max(0.01 * width, double.Epsilon));
    }

    /// <summary>The explanation.</summary>
    public override string ToString() => Explanation;
}
