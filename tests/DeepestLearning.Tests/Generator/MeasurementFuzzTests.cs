using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using DeepestLearning.Fuzzing;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Generator;

/// <summary>
/// Random [Measurement] methods: each random valid model of the generator fuzz (<see cref="ValidModelWriter"/>) gets a
/// measurement whose body is its vector field's (locals, loops, branches, activations, stimuli), writing y instead of
/// dxdt. The generated measurement members must satisfy every property the fuzz asks of a vector field
/// (<see cref="DerivativeProperties"/>): h equal to the user's C#, ∂h to central differences, wᵀ∂h to the Jacobian's
/// transpose product, Σ wₗ∇²hₗ to differences of wᵀ∂h, both patterns exact both ways — and the vector field still does.
/// </summary>
public class MeasurementFuzzTests(ITestOutputHelper output)
{
    private const string Sensor = "Sensor";

    private static string WithMeasurement(ValidModelWriter writer, string className)
    {
        string model = writer.Write(className);
        var method = new System.Text.StringBuilder();
        method.Append("    [Measurement(Outputs = ").Append(writer.States.ToString(CultureInfo.InvariantCulture)).Append(")]\n");
        method.Append("    static void ").Append(Sensor).Append("(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ")
            .Append(writer.Stimuli > 0 ? "ReadOnlySpan<double> u, " : "").Append("Span<double> y)\n    {\n");
        foreach (string line in writer.Statements.Concat(writer.OutputLines)) method.Append("        ").Append(line.Replace("dxdt", "y")).Append('\n');
        method.Append("    }\n");
        int end = model.LastIndexOf('}');
        return model.Substring(0, end) + method + model.Substring(end);
    }

    [Fact]
    public void RandomMeasurementsAreExact()
    {
        const int models = 30;
        var sources = new List<string>();
        for (int k = 0; k < models; k++)
            sources.Add(WithMeasurement(new ValidModelWriter(new Random(104729 * k + 3)), "Sensed" + k.ToString(CultureInfo.InvariantCulture)));
        GeneratedAssembly generated = GeneratedAssembly.Generate(sources);
        Assert.Empty(generated.GeneratorExceptions);
        Assert.True(generated.GeneratorDiagnostics.IsEmpty, string.Join("\n", generated.GeneratorDiagnostics.Take(5)));

        Assembly assembly = generated.Load(out AssemblyLoadContext context);
        try
        {
            var failures = new List<string>();
            for (int k = 0; k < models; k++)
            {
                Type type = assembly.GetType("Sensed" + k.ToString(CultureInfo.InvariantCulture))!;
                try
                {
                    DerivativeProperties.Check(new LoadedModel(type, ValidModelWriter.UserMethod), new Random(k));
                    DerivativeProperties.Check(new LoadedModel(type, Sensor, measurement: true), new Random(k + 1000));
                }
                catch (FuzzFailure failure)
                {
                    failures.Add(failure.Message + "\n" + sources[k]);
                }
            }
            output.WriteLine($"{models} random measurements checked, {failures.Count} failures");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
        }
        finally
        {
            context.Unload();
        }
    }
}
