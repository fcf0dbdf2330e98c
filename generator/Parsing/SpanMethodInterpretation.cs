using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Model;
using Microsoft.CodeAnalysis;

namespace DeepestLearning.Generator.Parsing;

/// <summary>Runs a span method through the <see cref="BodyInterpreter"/> and checks the result against the declared counts.</summary>
internal static class SpanMethodInterpretation
{
    /// <summary>
    /// Interprets a span method into the expression graph (states, parameters, stimuli → one output
    /// span) and checks that every output is written and every declared input read. Returns null after
    /// reporting a diagnostic.
    /// </summary>
    public static BodyInterpreter? InterpretAndCheckInputs(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, IMethodSymbol method, SyntaxNode body,
        Dictionary<IParameterSymbol, InputRole> roles, int states, int parameters, int stimuli, string parameterCountName, List<DiagnosticInfo> diagnostics, CancellationToken cancellation,
        string attributeName = "DynamicalModel", string stateCountName = "States", bool[]? parametersReadElsewhere = null, bool[]? stimuliReadElsewhere = null)
    {
        Location methodLocation = method.Locations.FirstOrDefault() ?? Location.None;
        var interpreter = new BodyInterpreter(context.SemanticModel.Compilation, type, method, roles, states, parameters, stimuli, cancellation)
        {
            AttributeName = attributeName,
            StateCountName = stateCountName,
            ParameterCountName = parameterCountName,
        };
        interpreter.Run(body);

        string outputName = method.Parameters[method.Parameters.Length - 1].Name;
        for (int i = 0; i < states; i++)
        {
            if (interpreter.Outputs[i] >= 0) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ComponentNeverWritten, methodLocation, outputName, AttributeValues.Text(i), method.Name, AttributeValues.Text(states)));
            return null;
        }
        for (int i = 0; i < parameters; i++)
            if (!interpreter.ParameterRead[i] && parametersReadElsewhere?[i] != true)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedInput, methodLocation, parameterCountName, AttributeValues.Text(parameters), method.Parameters[1].Name, AttributeValues.Text(i), method.Name, attributeName, attributeName == "DynamicalModel" ? "vector field" : "layer map"));
        for (int i = 0; i < stimuli; i++)
            if (!interpreter.StimulusRead[i] && (stimuliReadElsewhere is null || i >= stimuliReadElsewhere.Length || !stimuliReadElsewhere[i]))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedInput, methodLocation, "Stimuli", AttributeValues.Text(stimuli), method.Parameters[2].Name, AttributeValues.Text(i), method.Name, attributeName, "vector field"));
        return diagnostics.Count > 0 ? null : interpreter;
    }
}
