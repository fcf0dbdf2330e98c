using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace DeepestLearning.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. Keep AnalyzerReleases.Unshipped.md in step.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "DeepestLearning";

    /// <summary>Each id's help link is its section of docs/diagnostics.md (anchor: the id in lower case).</summary>
    private const string HelpLinkBase = "https://github.com/deepestlearning/DeepestLearning.Codegen/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error("DL0001",
        "Model type must be partial",
        "'{0}' has [{1}] but is not partial (it and every containing type must be declared 'partial')");

    public static readonly DiagnosticDescriptor GenericType = Error("DL0002",
        "Model type must not be generic",
        "'{0}' is generic or nested in a generic type; a model type must be a non-generic class or struct");

    public static readonly DiagnosticDescriptor MissingVectorField = Error("DL0003",
        "Missing [VectorField] method",
        "'{0}' has [DynamicalModel] but no static method marked [VectorField]");

    public static readonly DiagnosticDescriptor DuplicateVectorField = Error("DL0004",
        "More than one [VectorField] method",
        "'{0}' is a second [VectorField] method; a model has exactly one");

    public static readonly DiagnosticDescriptor VectorFieldSignature = Error("DL0005",
        "Wrong [VectorField] signature",
        "[VectorField] method '{0}' must be 'static void {0}(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)' or, with stimuli, '(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt)' with a body");

    public static readonly DiagnosticDescriptor InvalidCounts = Error("DL0006",
        "Invalid model counts",
        "[DynamicalModel] on '{0}': {1}");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error("DL0007",
        "Unsupported statement",
        "'{0}' statements are not supported in a vector field or activation; use for loops with constant bounds, locals and assignments");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error("DL0008",
        "Unsupported expression",
        "The expression '{0}' is not supported here: {1}");

    public static readonly DiagnosticDescriptor UnsupportedCall = Error("DL0009",
        "Unsupported method call",
        "The call to '{0}' cannot be differentiated; call Math functions (Exp, Log, Sqrt, Pow, Sin, Cos, Tan, Tanh, Sinh, Cosh, Atan, Abs) or [Activation] methods of this type");

    public static readonly DiagnosticDescriptor StateDependentBranch = Error("DL0010",
        "Branch on a non-constant condition",
        "The condition '{0}' is not a compile-time constant after loop unrolling; branches on state, parameter or stimulus values are not differentiable");

    public static readonly DiagnosticDescriptor NonConstantIndex = Error("DL0011",
        "Index is not a compile-time constant",
        "The index '{0}' of '{1}' is not a compile-time integer after unrolling loops with constant bounds");

    public static readonly DiagnosticDescriptor IndexOutOfRange = Error("DL0012",
        "Index out of range",
        "'{0}[{1}]' is out of range: [{4}] declares {2} = {3}");

    public static readonly DiagnosticDescriptor WriteToInput = Error("DL0013",
        "Write to an input",
        "'{0}' is an input of the vector field and cannot be assigned");

    public static readonly DiagnosticDescriptor ComponentWrittenTwice = Error("DL0014",
        "Output component written more than once",
        "'{0}[{1}]' is written more than once; each component of the vector field is assigned exactly once");

    public static readonly DiagnosticDescriptor ComponentNeverWritten = Error("DL0015",
        "Output component never written",
        "'{0}[{1}]' is never written by '{2}'; every one of the {3} components must be assigned");

    public static readonly DiagnosticDescriptor UnusedInput = Error("DL0016",
        "Declared count disagrees with the indexes used",
        "[{5}] declares {0} = {1}, but '{2}[{3}]' is never read by '{4}'; the count must match the inputs the {6} uses");

    public static readonly DiagnosticDescriptor ActivationSignature = Error("DL0017",
        "Wrong [Activation] signature",
        "[Activation] method '{0}' must be 'static double {0}(double)' with a body");

    public static readonly DiagnosticDescriptor MemberNameCollision = Error("DL0018",
        "Member name collides with a generated member",
        "'{0}' is a member the generator emits for {1}; rename the user member");

    public static readonly DiagnosticDescriptor UnrollLimit = Error("DL0019",
        "Model too large to unroll",
        "Unrolling '{0}' exceeds {1} evaluated statements; check the loop bounds");

    public static readonly DiagnosticDescriptor RecursiveActivation = Error("DL0020",
        "Recursive activation",
        "[Activation] method '{0}' calls itself, directly or indirectly; activations are inlined and must not recurse");

    public static readonly DiagnosticDescriptor UnsupportedLocal = Error("DL0021",
        "Unsupported local variable",
        "The local '{0}' {1}");

    public static readonly DiagnosticDescriptor MissingLayer = Error("DL0023",
        "Network has no layer map",
        "'{0}' has [LayeredNetwork] but {1}; declare exactly one [Activation] method for a dense network, or a [LayerMap] method");

    public static readonly DiagnosticDescriptor LayerMapSignature = Error("DL0024",
        "Wrong [LayerMap] signature",
        "[LayerMap] method '{0}' must be 'static void {0}(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)' with a body");

    public static readonly DiagnosticDescriptor DuplicateLayerMap = Error("DL0025",
        "More than one [LayerMap] method",
        "'{0}' is a second [LayerMap] method; a network has exactly one");

    public static readonly DiagnosticDescriptor InvalidNetworkShape = Error("DL0026",
        "Invalid network shape",
        "[LayeredNetwork] on '{0}': {1}");

    public static readonly DiagnosticDescriptor IntegerOverflow = Error("DL0027",
        "Integer overflow",
        "The integer expression '{0}' overflows '{1}'; the generator runs integer code exactly and reports where C# would wrap around or throw");

    public static readonly DiagnosticDescriptor ConflictingAttributes = Error("DL0028",
        "Conflicting attributes",
        "'{0}' has both [{1}] and [{2}]; {3}");

    public static readonly DiagnosticDescriptor DuplicateAttribute = Error("DL0029",
        "Attribute on more than one declaration",
        "'{0}' has [{1}] more than once; keep it on one partial declaration");

    public static readonly DiagnosticDescriptor MisplacedAttribute = Error("DL0030",
        "Attribute outside its type",
        "[{0}] on '{1}' has no effect: {2}");

    public static readonly DiagnosticDescriptor MeasurementSignature = Error("DL0031",
        "Wrong [Measurement] signature",
        "[Measurement] method '{0}' must be 'static void {0}(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y)' or, with stimuli, '(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> y)' with a body");

    public static readonly DiagnosticDescriptor DuplicateMeasurement = Error("DL0032",
        "More than one [Measurement] method",
        "'{0}' is a second [Measurement] method; a model has at most one");

    public static readonly DiagnosticDescriptor InvalidMeasurementCount = Error("DL0033",
        "Invalid measurement count",
        "[Measurement] on '{0}': {1}");

    public static readonly DiagnosticDescriptor InternalError = Error("DL0022",
        "Generator internal error",
        "The DeepestLearning generator failed on '{0}': {1}. Please report this with the model source.");

    // The descriptors are the public fields above: one list, read once, so a new id cannot be declared
    // and then missed by the lookup that turns a DiagnosticInfo back into a Diagnostic.
    private static readonly Lazy<DiagnosticDescriptor[]> s_all = new(() => typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToArray());

    private static readonly Lazy<Dictionary<string, DiagnosticDescriptor>> s_byId = new(() => s_all.Value.ToDictionary(descriptor => descriptor.Id));

    public static DiagnosticDescriptor ById(string id) => s_byId.Value[id];

    public static IEnumerable<DiagnosticDescriptor> All => s_all.Value;

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + id.ToLowerInvariant());
}
