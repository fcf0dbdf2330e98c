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
/// Random stencil models (<see cref="StencilModelWriter"/>): the loop-emitted members must satisfy every
/// property of the generator fuzz — F equal to the user's C#, J to central differences, wᵀJ to Jᵀw,
/// Σ wᵢ∇²Fᵢ to differences of wᵀJ, both patterns exact both ways — and most models must take the loop
/// path (a model whose rows share a large operation, or that the finder cannot match, is emitted straight-line and still checked).
/// </summary>
public class RowLoopFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomStencilsAreLoopedAndExact()
    {
        const int models = 40;
        var sources = new List<string>();
        for (int k = 0; k < models; k++)
            sources.Add(new StencilModelWriter(new Random(7919 * k + 17)).Write("Stencil" + k.ToString(CultureInfo.InvariantCulture)));
        GeneratedAssembly generated = GeneratedAssembly.Generate(sources);
        Assert.Empty(generated.GeneratorExceptions);
        Assert.True(generated.GeneratorDiagnostics.IsEmpty, string.Join("\n", generated.GeneratorDiagnostics.Take(5)));

        Assembly assembly = generated.Load(out AssemblyLoadContext context);
        try
        {
            int looped = 0;
            var failures = new List<string>();
            for (int k = 0; k < models; k++)
            {
                Type type = assembly.GetType("Stencil" + k.ToString(CultureInfo.InvariantCulture))!;
                if (type.GetMethod("__dlVectorFieldRows0", BindingFlags.NonPublic | BindingFlags.Static) is not null) looped++;
                try
                {
                    DerivativeProperties.Check(new LoadedModel(type, StencilModelWriter.UserMethod), new Random(k));
                }
                catch (FuzzFailure failure)
                {
                    failures.Add(failure.Message + "\n" + sources[k]);
                }
            }
            output.WriteLine($"{looped} of {models} models emitted as loops");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
            Assert.True(looped >= models / 2, $"only {looped} of {models} models took the loop path");
        }
        finally
        {
            context.Unload();
        }
    }
}
