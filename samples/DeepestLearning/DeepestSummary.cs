using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using DeepestLearning.Cli;
using DeepestLearning;
using DeepestLearning.SampleModels;
using DeepestLearning.Samples;

namespace DeepestLearningSample;

/// <summary>summary.json of the deepest-learning sample.</summary>
public static class DeepestSummary
{
    public static void Write(string file, int layers, double horizon, double sigma, int trainingPairs, int heldOutPairs,
        IReadOnlyList<(double Loss, double HeldOut, int Iterations)> adjointRuns, double adjointSeconds,
        NetworkAnnealingResult<ResidualFlow8> annealed, double annealedLoss, double annealedHeldOut, double annealingSeconds, Convergence convergence)
    {
        using var stream = File.Create(file);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("network", "dx/dτ = tanh(W(τ)x + b(τ)), width 4, weights piecewise constant over K layers");
        json.WriteNumber("layers", layers);
        json.WriteNumber("horizon", horizon);
        json.WriteNumber("noise", sigma);
        json.WriteNumber("trainingPairs", trainingPairs);
        json.WriteNumber("heldOutPairs", heldOutPairs);
        json.WriteStartObject("adjointRoute");
        json.WriteString("integrator", "RK4, 4 steps per layer; gradient by backward integration of p; L-BFGS");
        json.WriteNumber("seconds", adjointSeconds);
        json.WriteStartArray("starts");
        foreach (var (loss, heldOut, iterations) in adjointRuns)
        {
            json.WriteStartObject();
            json.WriteNumber("trainingLoss", loss);
            json.WriteNumber("heldOutRmse", heldOut);
            json.WriteNumber("iterations", iterations);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("annealing");
        json.WriteString("network", "ResidualFlow8: one forward-Euler step per layer");
        json.WriteNumber("seconds", annealingSeconds);
        json.WriteNumber("bestPath", annealed.BestPath);
        json.WriteNumber("trainingLoss", annealedLoss);
        json.WriteNumber("heldOutRmse", annealedHeldOut);
        OutputFiles.WriteLevels(json, annealed.Levels);
        json.WriteEndObject();
        json.WriteStartObject("convergence");
        OutputFiles.WriteArray(json, "stepsPerLayer", System.Array.ConvertAll(convergence.StepsPerLayer, n => (double)n));
        OutputFiles.WriteArray(json, "h", convergence.H);
        OutputFiles.WriteArray(json, "eulerError", convergence.EulerError);
        OutputFiles.WriteArray(json, "rk4Error", convergence.Rk4Error);
        json.WriteNumber("eulerOrder", convergence.EulerSlope);
        json.WriteNumber("rk4Order", convergence.Rk4Slope);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
