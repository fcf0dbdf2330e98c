using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace DeepestLearning.Cli;

/// <summary>summary.json, levels.csv and path.csv (invariant culture, round-trip numbers).</summary>
public static class OutputFiles
{
    /// <summary>Writes summary.json: settings, schedule, every level, the verdict, the best path's numbers and (twin data) the truth and errors.</summary>
    /// <param name="file">The target file (written atomically).</param>
    /// <param name="s">The run's settings.</param>
    /// <param name="result">The annealing's result.</param>
    /// <param name="summary">The numbers derived from it.</param>
    /// <param name="twin">Whether the data were generated from the true model.</param>
    public static void WriteSummary<TModel>(string file, TwinSettings s, AnnealingResult<TModel> result, TwinSummary summary, bool twin) where TModel : IDynamicalModel<TModel>
    {
        AtomicFile.Write(file, stream => WriteSummary(stream, s, result, summary, twin));
    }

    private static void WriteSummary<TModel>(Stream stream, TwinSettings s, AnnealingResult<TModel> result, TwinSummary summary, bool twin) where TModel : IDynamicalModel<TModel>
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("model", s.ModelName);
        WriteFinite(json, "states", TModel.StateCount);
        WriteArray(json, "observed", s.Observed.Select(i => (double)i));
        WriteFinite(json, "steps", s.Steps);
        WriteFinite(json, "dt", s.Dt);
        WriteFinite(json, "dataEvery", s.DataEvery);
        json.WriteString("discretization", ValueNames.Of(s.Discretization));
        WriteFinite(json, "noise", s.Noise);
        json.WriteString("data", twin ? "twin" : s.DataFile);
        json.WriteStartObject("annealing");
        WriteArray(json, "rf0", result.Rf0);
        json.WriteBoolean("rf0Automatic", s.Rf0 is null);
        json.WriteString("starts", result.Starts == StartKind.Synchronized ? "synchronized" : "uniform");
        json.WriteBoolean("startsAutomatic", s.Starts == StartKind.Automatic);
        json.WriteString("stop", result.Stop == StopReason.Plateau ? "plateau" : "betaMax");
        WriteFinite(json, "levels", result.Levels.Count);
        json.WriteStartArray("visitedBetas"); // per path, every β minimized at (integers, plus retried smaller steps)
        foreach (double[] visited in result.VisitedBetas)
        {
            json.WriteStartArray();
            foreach (double b in visited) json.WriteNumberValue(b);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        WriteFinite(json, "alpha", s.Alpha);
        WriteFinite(json, "betaMax", result.BetaMax);
        json.WriteBoolean("betaMaxDerived", s.BetaMax is null);
        WriteFinite(json, "paths", s.Paths);
        WriteFinite(json, "seed", s.Seed);
        json.WriteEndObject();
        if (summary.Observations is { HasMissing: true } observations)
            WriteFinite(json, "missingValues", observations.Values.Length - observations.MeasuredCount); // only with gaps: a complete table's summary is unchanged
        WriteFinite(json, "expectedMeasurementTerm", summary.ExpectedMeasurementTerm);
        WriteFinite(json, "expectedMeasurementStd", summary.ExpectedMeasurementStd);
        WriteLevels(json, result.Levels);
        AnnealingLevel last = result.Levels[^1];
        WriteFinite(json, "distinctFinalLevels", last.DistinctLevels()); // paths whose β_max actions agree to 1e-4 relative count once
        if (result.Verdict is { } verdict)
        {
            json.WriteStartObject("verdict");
            json.WriteString("kind", verdict.Name);
            json.WriteString("explanation", verdict.Explanation);
            WriteFinite(json, "measurementDeviation", verdict.MeasurementDeviation);
            WriteFinite(json, "levelChange", verdict.LevelChange);
            WriteFinite(json, "startsAtLowest", verdict.StartsAtLowest);
            WriteFinite(json, "starts", verdict.Starts);
            if (verdict.RelativeBounds is { } bounds) WriteNullable(json, "relativeBounds", bounds);
            json.WriteStartArray("undetermined");
            foreach (string name in verdict.UndeterminedParameters) json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteStartObject("best");
        WriteFinite(json, "path", result.BestPath);
        WriteFinite(json, "action", last.Actions[result.BestPath]);
        WriteFinite(json, "measurementTerm", last.MeasurementTerms[result.BestPath]);
        WriteFinite(json, "modelTerm", last.ModelTerms[result.BestPath]);
        WriteArray(json, "parameters", summary.BestParameters);
        if (summary.ParameterStd is { } std) WriteNullable(json, "parameterStd", std); // Cramér–Rao at the estimate; null where undefined
        json.WriteStartArray("parameterNames");
        foreach (string name in s.ParameterNames) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteEndObject();
        if (summary.Marginals is { } marginals) WriteMarginals(json, marginals, summary.TruthWithinTwoSigma);
        if (summary.LevelWeights is { } weights) WriteLevelWeights(json, weights);
        if (summary.Samples is not null || summary.SamplerFailure is not null) WriteSampler(json, s, summary);
        if (twin)
        {
            json.WriteStartObject("truth");
            WriteArray(json, "parameters", s.TrueParameters);
            if (summary.DesignStd is { } design) WriteNullable(json, "parameterStd", design); // Cramér–Rao at the truth: the experiment's resolution
            json.WriteEndObject();
            json.WriteStartObject("rmse");
            WriteFinite(json, "observed", summary.RmseObserved!.Value);
            if (summary.RmseUnobserved is double u) WriteFinite(json, "unobserved", u);
            else json.WriteNull("unobserved");
            json.WriteEndObject();
            json.WriteStartObject("prediction");
            WriteFinite(json, "horizon", s.PredictionSteps * s.Dt);
            WriteFinite(json, "steps", s.PredictionSteps);
            WriteFinite(json, "rmse", summary.PredictionRmse ?? double.NaN); // null without a horizon
            if (summary.PredictionRmse is not double rmse || !double.IsFinite(rmse))
                json.WriteString("rmseNullReason", summary.PredictionRmse is null ? "no prediction horizon (--predict 0)" : "the prediction left the range of finite numbers");
            json.WriteEndObject();
        }
        s.ExtraSummary?.Invoke(json, summary);
        json.WriteStartObject("minimizer");
        json.WriteString("name", result.Minimizer.Name());
        json.WriteBoolean("automatic", s.Minimizer is AutomaticMinimizerOptions);
        WriteFinite(json, "iterations", summary.MinimizerTotals.Iterations);
        WriteFinite(json, "evaluations", summary.MinimizerTotals.Evaluations);
        WriteFinite(json, "hessianEvaluations", summary.MinimizerTotals.HessianEvaluations);
        json.WriteEndObject();
        WriteFinite(json, "seconds", summary.Seconds);
        json.WriteEndObject();
    }

    /// <summary>
    /// The "sampler" object of <c>--sample</c>: the run's size and level, its acceptance, max R̂, min ESS and whether they
    /// pass <see cref="SamplerCheck.Rule"/>, the posterior mean, standard deviation, R̂ and ESS of every parameter (null for
    /// fixed ones), the mean state spread per component, and its cost — or, when the sampler failed, why.
    /// </summary>
    private static void WriteSampler(Utf8JsonWriter json, TwinSettings s, TwinSummary summary)
    {
        json.WriteStartObject("sampler");
        WriteFinite(json, "draws", s.SampleDraws);
        WriteFinite(json, "chains", s.SampleChains);
        WriteFinite(json, "beta", summary.SamplerBeta);
        if (summary.Samples is not { } samples)
        {
            json.WriteString("error", summary.SamplerFailure);
            json.WriteEndObject();
            return;
        }
        WriteFinite(json, "warmup", TwinRunner.SamplerOptions(s).Warmup);
        WriteFinite(json, "acceptanceRate", samples.AcceptanceRate);
        WriteFinite(json, "maxRhat", samples.MaxRhat);
        WriteFinite(json, "minEss", samples.MinEffectiveSampleSize);
        json.WriteBoolean("converged", SamplerCheck.Converged(samples));
        json.WriteString("convergenceRule", SamplerCheck.Rule);
        WriteNullable(json, "parameterMean", samples.ParameterMean());
        WriteNullable(json, "parameterStd", samples.ParameterStd());
        var rhat = new double[samples.ParameterCount];
        var ess = new double[samples.ParameterCount];
        System.Array.Fill(rhat, double.NaN);
        System.Array.Fill(ess, double.NaN);
        for (int r = 0; r < samples.EstimatedParameters.Length; r++)
        {
            rhat[samples.EstimatedParameters[r]] = samples.Rhat[samples.ParameterOffset + r];
            ess[samples.EstimatedParameters[r]] = samples.EffectiveSampleSize[samples.ParameterOffset + r];
        }
        WriteNullable(json, "parameterRhat", rhat);
        WriteNullable(json, "parameterEss", ess);
        int d = samples.StateCount;
        var meanStd = new double[d];
        for (int n = 0; n <= samples.Steps; n++)
            for (int a = 0; a < d; a++) meanStd[a] += samples.StateStd[n * d + a] / (samples.Steps + 1);
        WriteNullable(json, "meanStateStd", meanStd);
        WriteFinite(json, "divergences", samples.ChainSummaries.Sum(c => c.Divergences));
        WriteFinite(json, "gradientEvaluations", samples.GradientEvaluations);
        WriteFinite(json, "seconds", samples.Elapsed.TotalSeconds);
        json.WriteEndObject();
    }

    /// <summary>
    /// The "levelWeights" object: the Laplace weight of each distinct final level (minimum) with its action, starts
    /// and log det, the gap to the second level, and the model evidence, each with the formulation it came from.
    /// </summary>
    private static void WriteLevelWeights(Utf8JsonWriter json, LevelWeights weights)
    {
        json.WriteStartObject("levelWeights");
        json.WriteString("formulation", weights.FormulationName);
        json.WriteString("explanation", weights.Explanation);
        if (weights.Gap is double gap) WriteFinite(json, "gap", gap);
        else json.WriteNull("gap");
        WriteFinite(json, "logEvidence", weights.LogEvidence);
        json.WriteString("evidenceExplanation", weights.EvidenceExplanation);
        json.WriteStartArray("levels");
        foreach (ActionLevelWeight level in weights.Levels)
        {
            json.WriteStartObject();
            WriteFinite(json, "action", level.Action);
            json.WriteStartArray("starts");
            foreach (int start in level.Starts) json.WriteNumberValue(start);
            json.WriteEndArray();
            WriteFinite(json, "logDeterminant", level.LogDeterminant);
            WriteFinite(json, "weight", level.Weight);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// The "marginals" object: which posterior the path's bands came from and why, the parameter spread from
    /// it, the mean band half-width per component, and (twin data) how often the truth lies within ±2σ.
    /// </summary>
    private static void WriteMarginals(Utf8JsonWriter json, PathMarginals marginals, (double Observed, double? Unobserved)? coverage)
    {
        json.WriteStartObject("marginals");
        json.WriteString("formulation", marginals.FormulationName);
        json.WriteString("explanation", marginals.Explanation);
        WriteFinite(json, "smallestScaledPivot", marginals.SmallestScaledPivot);
        WriteNullable(json, "parameterStd", marginals.ParameterStd());
        var meanStd = new double[marginals.StateCount];
        for (int a = 0; a < meanStd.Length; a++)
        {
            double sum = 0;
            for (int n = 0; n <= marginals.Steps; n++) sum += marginals.StateStd(n, a);
            meanStd[a] = sum / (marginals.Steps + 1);
        }
        WriteNullable(json, "meanStateStd", meanStd);
        if (coverage is { } share)
        {
            json.WriteStartObject("truthWithinTwoSigma");
            WriteFinite(json, "observed", share.Observed);
            if (share.Unobserved is double u) WriteFinite(json, "unobserved", u);
            else json.WriteNull("unobserved");
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>The "levels" array of a summary: per β, R_f and per path the action, its terms and the minimizer's counts.</summary>
    /// <param name="json">The writer, inside an object.</param>
    /// <param name="levels">The annealing's levels in β order.</param>
    public static void WriteLevels(Utf8JsonWriter json, System.Collections.Generic.IEnumerable<AnnealingLevel> levels)
    {
        json.WriteStartArray("levels");
        foreach (AnnealingLevel level in levels)
        {
            json.WriteStartObject();
            WriteFinite(json, "beta", level.Beta);
            WriteFinite(json, "rf", level.Rf);
            WriteArray(json, "actions", level.Actions);
            WriteArray(json, "measurementTerms", level.MeasurementTerms);
            WriteArray(json, "modelTerms", level.ModelTerms);
            WriteArray(json, "iterations", level.Iterations.Select(i => (double)i));
            WriteArray(json, "evaluations", level.Evaluations.Select(i => (double)i));
            WriteArray(json, "hessianEvaluations", level.HessianEvaluations.Select(i => (double)i));
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>A number, or null when it is not finite (JSON has no NaN or infinity; a reader sees "not available", never a crash).</summary>
    /// <param name="json">The writer, inside an object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The number.</param>
    public static void WriteFinite(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    /// <summary>An array of numbers with null where a value is not finite.</summary>
    /// <param name="json">The writer, inside an object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="values">The numbers.</param>
    public static void WriteArray(Utf8JsonWriter json, string name, System.Collections.Generic.IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (double v in values)
            if (double.IsFinite(v)) json.WriteNumberValue(v); else json.WriteNullValue();
        json.WriteEndArray();
    }

    /// <summary>An array with null where a value is not finite (a fixed or unidentifiable parameter's spread).</summary>
    private static void WriteNullable(Utf8JsonWriter json, string name, double[] values)
    {
        json.WriteStartArray(name);
        foreach (double v in values)
            if (double.IsFinite(v)) json.WriteNumberValue(v); else json.WriteNullValue();
        json.WriteEndArray();
    }

    /// <summary>levels.csv: one row per (β, start) with R_f, the action and its terms, the minimizer's counts and the parameters (columns prefixed param_).</summary>
    /// <param name="file">The target file (written atomically).</param>
    /// <param name="s">The run's settings (parameter names).</param>
    /// <param name="result">The annealing's result.</param>
    public static void WriteLevels<TModel>(string file, TwinSettings s, AnnealingResult<TModel> result) where TModel : IDynamicalModel<TModel>
    {
        var text = new StringBuilder();
        text.Append("beta,rf,path,action,measurement_term,model_term,iterations,evaluations,hessian_evaluations,exit,substeps");
        foreach (string name in s.ParameterNames) text.Append(",param_").Append(name); // prefixed: a parameter named "beta" or "path" must not collide with a fixed column
        text.Append('\n');
        foreach (AnnealingLevel level in result.Levels)
            for (int k = 0; k < level.Actions.Length; k++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{level.Beta},{level.Rf:R},{k},{level.Actions[k]:R},{level.MeasurementTerms[k]:R},{level.ModelTerms[k]:R},{level.Iterations[k]},{level.Evaluations[k]},{level.HessianEvaluations[k]},{level.Exits[k]},{level.Substeps[k]}");
                foreach (double p in level.Parameters[k]) text.Append(CultureInfo.InvariantCulture, $",{p:R}");
                text.Append('\n');
            }
        AtomicFile.WriteText(file, text.ToString());
    }

    /// <summary>path.csv: per grid time the best estimate (then the prediction), the truth (twin data) and the data.</summary>
    /// <param name="file">The target file (written atomically).</param>
    /// <param name="s">The run's settings.</param>
    /// <param name="result">The annealing's result.</param>
    /// <param name="truth">The true trajectory over window and horizon, or null for real data.</param>
    /// <param name="observations">The data.</param>
    /// <param name="prediction">The prediction from the end of the window.</param>
    /// <param name="marginals">The Laplace spreads of the estimate, written as std_a columns after the others (empty in prediction rows); null for none.</param>
    /// <param name="samples">The sampler's posterior, written as sample_mean_a and sample_std_a columns after all others (empty in prediction rows); null for none.</param>
    public static void WritePath<TModel>(string file, TwinSettings s, AnnealingResult<TModel> result, double[]? truth, Observations observations, double[] prediction,
        PathMarginals? marginals = null, SamplingResult? samples = null) where TModel : IDynamicalModel<TModel>
    {
        int d = TModel.StateCount;
        var text = new StringBuilder("time,phase");
        for (int a = 0; a < d; a++) text.Append(CultureInfo.InvariantCulture, $",estimate_{a}");
        if (truth is not null) for (int a = 0; a < d; a++) text.Append(CultureInfo.InvariantCulture, $",truth_{a}");
        foreach (int a in observations.Components) text.Append(CultureInfo.InvariantCulture, $",data_{a}");
        // Last, so the columns before them keep their positions for readers of earlier files.
        if (marginals is not null) for (int a = 0; a < d; a++) text.Append(CultureInfo.InvariantCulture, $",std_{a}");
        if (samples is not null)
        {
            for (int a = 0; a < d; a++) text.Append(CultureInfo.InvariantCulture, $",sample_mean_{a}");
            for (int a = 0; a < d; a++) text.Append(CultureInfo.InvariantCulture, $",sample_std_{a}");
        }
        text.Append('\n');
        for (int n = 0; n <= s.Steps + s.PredictionSteps; n++)
        {
            bool window = n <= s.Steps;
            text.Append(CultureInfo.InvariantCulture, $"{n * s.Dt:R},{(window ? "estimate" : "prediction")}");
            for (int a = 0; a < d; a++)
                text.Append(CultureInfo.InvariantCulture, $",{(window ? result.Best[n * d + a] : prediction[(n - s.Steps) * d + a]):R}");
            if (truth is not null) for (int a = 0; a < d; a++) text.Append(CultureInfo.InvariantCulture, $",{truth[n * d + a]:R}");
            int row = System.Array.IndexOf(observations.Times, n);
            for (int c = 0; c < observations.Components.Length; c++)
                text.Append(row >= 0 && observations.IsMeasured(row, c) ? string.Create(CultureInfo.InvariantCulture, $",{observations[row, c]:R}") : ","); // empty: no measurement here
            if (marginals is not null)
                for (int a = 0; a < d; a++)
                {
                    double std = window ? marginals.StateStd(n, a) : double.NaN;
                    text.Append(double.IsFinite(std) ? string.Create(CultureInfo.InvariantCulture, $",{std:R}") : ",");
                }
            if (samples is not null)
            {
                for (int a = 0; a < d; a++) AppendCell(text, window ? samples.MeanPath[n * d + a] : double.NaN);
                for (int a = 0; a < d; a++) AppendCell(text, window ? samples.StateStd[n * d + a] : double.NaN);
            }
            text.Append('\n');
        }
        AtomicFile.WriteText(file, text.ToString());
    }

    /// <summary>",value" in round-trip form, or "," when it is not finite.</summary>
    private static void AppendCell(StringBuilder text, double value) =>
        text.Append(double.IsFinite(value) ? string.Create(CultureInfo.InvariantCulture, $",{value:R}") : ",");
}
