using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DeepestLearning.Tests.Generator;

/// <summary>One test per diagnostic id: the id, the exact message, and the span of the offending syntax (marked [|…|]).</summary>
public class DiagnosticTests
{
    private const string Usings = "using System;\nusing DeepestLearning;\n";

    private static string Model(string body, string attribute = "DynamicalModel(States = 2, Parameters = 1)", string members = "") => Usings + $$"""
        [{{attribute}}]
        public partial class M
        {
            {{members}}
            [VectorField]
            static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)
            {
                {{body}}
            }
        }
        """;

    private const string Ok = "dxdt[0] = x[1] * p[0]; dxdt[1] = -x[0];";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "DL0001", Usings + "[DynamicalModel(States = 1)] public class [|M|] { [VectorField] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } }",
          "'M' has [DynamicalModel] but is not partial (it and every containing type must be declared 'partial')" },
        { "DL0002", Usings + "[DynamicalModel(States = 1)] public partial class [|G|]<T> { [VectorField] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } }",
          "'G' is generic or nested in a generic type; a model type must be a non-generic class or struct" },
        { "DL0003", Usings + "[DynamicalModel(States = 1)] public partial class [|M|] { static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } }",
          "'M' has [DynamicalModel] but no static method marked [VectorField]" },
        { "DL0004", Usings + "[DynamicalModel(States = 1)] public partial class M { [VectorField] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } [VectorField] static void [|Other|](ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } }",
          "'Other' is a second [VectorField] method; a model has exactly one" },
        { "DL0005", Usings + "[DynamicalModel(States = 1)] public partial class M { [VectorField] static void [|F|](ReadOnlySpan<double> x, Span<double> dxdt) { dxdt[0] = x[0]; } }",
          "[VectorField] method 'F' must be 'static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt)' or, with stimuli, '(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt)' with a body" },
        { "DL0006", Usings + "[[|DynamicalModel(States = 0)|]] public partial class M { [VectorField] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { } }",
          "[DynamicalModel] on 'M': States must be at least 1 (it is 0)" },
        { "DL0007", Model("[|while (true) { }|]"),
          "'while' statements are not supported in a vector field or activation; use for loops with constant bounds, locals and assignments" },
        { "DL0008", Model("dxdt[0] = [|x[0] % 2.0|]; dxdt[1] = p[0];"),
          "The expression 'x[0] % 2.0' is not supported here: the operator '%' is not differentiable" },
        { "DL0009", Model("dxdt[0] = [|Math.Max(x[0], 1.0)|]; dxdt[1] = p[0];"),
          "The call to 'System.Math.Max' cannot be differentiated; call Math functions (Exp, Log, Sqrt, Pow, Sin, Cos, Tan, Tanh, Sinh, Cosh, Atan, Abs) or [Activation] methods of this type" },
        { "DL0010", Model("if ([|x[0] > 0|]) dxdt[0] = 1; else dxdt[0] = 2; dxdt[1] = p[0];"),
          "The condition 'x[0] > 0' is not a compile-time constant after loop unrolling; branches on state, parameter or stimulus values are not differentiable" },
        { "DL0011", Model("dxdt[0] = x[[|(int)x[1]|]]; dxdt[1] = p[0];"),
          "The index '(int)x[1]' of 'x' is not a compile-time integer after unrolling loops with constant bounds" },
        { "DL0012", Model("for (int i = 0; i < 2; i++) dxdt[i] = [|x[i + 1]|] * p[0];"),
          "'x[2]' is out of range: [DynamicalModel] declares States = 2" },
        { "DL0013", Model("[|p|] = x; dxdt[0] = p[0]; dxdt[1] = x[0];"),
          "'p' is an input of the vector field and cannot be assigned" },
        { "DL0014", Model("dxdt[0] = x[0] * p[0]; dxdt[1] = x[1]; [|dxdt[0] = 2.0|];"),
          "'dxdt[0]' is written more than once; each component of the vector field is assigned exactly once" },
        { "DL0015", Usings + "[DynamicalModel(States = 2, Parameters = 1)] public partial class M { [VectorField] static void [|F|](ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0] * p[0]; } }",
          "'dxdt[1]' is never written by 'F'; every one of the 2 components must be assigned" },
        { "DL0016", Usings + "[DynamicalModel(States = 1, Parameters = 2)] public partial class M { [VectorField] static void [|F|](ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0] * p[0]; } }",
          "[DynamicalModel] declares Parameters = 2, but 'p[1]' is never read by 'F'; the count must match the inputs the vector field uses" },
        { "DL0017", Model(Ok, members: "[Activation] static double [|Act|](double a, double b) => a * b;"),
          "[Activation] method 'Act' must be 'static double Act(double)' with a body" },
        { "DL0018", Model(Ok, members: "public static int [|Jacobian|]() => 0;"),
          "'Jacobian' is a member the generator emits for IDynamicalModel; rename the user member" },
        { "DL0019", Model("[|for (int i = 0; i < 100000000; i++) { }|] dxdt[0] = p[0]; dxdt[1] = x[0];"),
          "Unrolling 'Flow' exceeds 2,000,000 evaluated statements; check the loop bounds" },
        { "DL0020", Model("dxdt[0] = Loop(x[0]) * p[0]; dxdt[1] = x[1];", members: "[Activation] static double Loop(double z) => [|Loop(z - 1)|];"),
          "[Activation] method 'Loop' calls itself, directly or indirectly; activations are inlined and must not recurse" },
        { "DL0021", Model("ReadOnlySpan<double> [|s = x|]; dxdt[0] = s[0] * p[0]; dxdt[1] = x[1];"),
          "The local 's' has type 'System.ReadOnlySpan<double>'; only double, bool and integer locals (int, long, uint, short, ushort, byte, sbyte) are supported" },
        { "DL0027", Model("int m = int.MaxValue; int k = [|m + 1|]; dxdt[0] = k * x[0]; dxdt[1] = p[0];"),
          "The integer expression 'm + 1' overflows 'int'; the generator runs integer code exactly and reports where C# would wrap around or throw" },
        { "DL0028", Usings + "[DynamicalModel(States = 1)] [[|LayeredNetwork(Width = 1, Layers = 1)|]] public partial class M { [VectorField] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } [Activation] static double G(double a) => a; }",
          "'M' has both [DynamicalModel] and [LayeredNetwork]; a type is either a dynamical model or a layered network" },
        { "DL0028", Usings + "[DynamicalModel(States = 1)] public partial class M { [VectorField, [|Activation|]] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } }",
          "'F' has both [VectorField] and [Activation]; a method is either the VectorField or an activation it calls" },
        { "DL0029", Usings + "[DynamicalModel(States = 1)] public partial class M { [VectorField] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } } [[|DynamicalModel(States = 1)|]] public partial class M { }",
          "'M' has [DynamicalModel] more than once; keep it on one partial declaration" },
        { "DL0030", Usings + "public partial class C { [[|VectorField|]] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; } }",
          "[VectorField] on 'F' has no effect: 'C' has neither [DynamicalModel] nor [LayeredNetwork]" },
        { "DL0030", Model(Ok, members: "[[|LayerMap|]] static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next) { next[0] = x[0]; }"),
          "[LayerMap] on 'Layer' has no effect: 'M' is a [DynamicalModel]; [LayerMap] belongs to a [LayeredNetwork] type" },

        // [Measurement]: its own signature, count and duplicate ids; the shared checks name the measurement.
        { "DL0031", Model(Ok, members: "[Measurement(Outputs = 1)] static void [|Sensor|](ReadOnlySpan<double> x, Span<double> y) { y[0] = x[0]; }"),
          "[Measurement] method 'Sensor' must be 'static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y)' or, with stimuli, '(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> y)' with a body" },
        { "DL0032", Model(Ok, members: "[Measurement(Outputs = 1)] static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) { y[0] = x[0]; } [Measurement(Outputs = 1)] static void [|Other|](ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) { y[0] = x[1]; }"),
          "'Other' is a second [Measurement] method; a model has at most one" },
        { "DL0033", Model(Ok, members: "[[|Measurement(Outputs = 0)|]] static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) { }"),
          "[Measurement] on 'Sensor': Outputs must be at least 1 (it is 0): declare how many values 'y' receives" },
        { "DL0033", Model(Ok, members: "[[|Measurement|]] static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) { y[0] = x[0]; }"),
          "[Measurement] on 'Sensor': Outputs must be at least 1 (it is 0): declare how many values 'y' receives" },
        { "DL0006", Model(Ok, members: "[Measurement(Outputs = 1)] static void [|Sensor|](ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> y) { y[0] = x[0] * u[0]; }"),
          "[DynamicalModel] on 'M': 'Sensor' takes a stimulus span 'u' but Stimuli is 0" },
        { "DL0012", Model(Ok, members: "[Measurement(Outputs = 1)] static void Sensor(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) { y[0] = x[0]; [|y[1]|] = x[1]; }"),
          "'y[1]' is out of range: [Measurement] declares Outputs = 1" },
        { "DL0015", Model(Ok, members: "[Measurement(Outputs = 2)] static void [|Sensor|](ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) { y[0] = x[0]; }"),
          "'y[1]' is never written by 'Sensor'; every one of the 2 components must be assigned" },
        { "DL0028", Model(Ok, members: "[Activation, [|Measurement(Outputs = 1)|]] static double G(double a) => a;"),
          "'G' has both [Activation] and [Measurement]; a method is either the vector field, the measurement or an activation they call" },
        { "DL0030", Usings + "public partial class C { [[|Measurement(Outputs = 1)|]] static void H(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) { y[0] = x[0]; } }",
          "[Measurement] on 'H' has no effect: 'C' has neither [DynamicalModel] nor [LayeredNetwork]" },
        { "DL0030", Network("next[0] = w[0] * x[0]; next[1] = w[1] * x[1];", members: "[[|Measurement(Outputs = 1)|]] static void H(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> y) { y[0] = x[0]; }"),
          "[Measurement] on 'H' has no effect: 'N' is a [LayeredNetwork]; [Measurement] belongs to a [DynamicalModel] type" },

        // [LayeredNetwork] types share the checks and add their own shape and layer-map diagnostics.
        { "DL0001", Usings + "[LayeredNetwork(Width = 2, Layers = 1)] public class [|N|] { [Activation] static double G(double a) => a; }",
          "'N' has [LayeredNetwork] but is not partial (it and every containing type must be declared 'partial')" },
        { "DL0012", Network("for (int i = 0; i < 2; i++) next[i] = x[i] * [|w[i + 1]|];"),
          "'w[2]' is out of range: [LayeredNetwork] declares WeightsPerLayer = 2" },
        { "DL0016", Usings + "[LayeredNetwork(Width = 2, Layers = 3, WeightsPerLayer = 3)] public partial class N { [LayerMap] static void [|Layer|](ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next) { next[0] = w[0] * x[1]; next[1] = w[1] * x[0]; } }",
          "[LayeredNetwork] declares WeightsPerLayer = 3, but 'w[2]' is never read by 'Layer'; the count must match the inputs the layer map uses" },
        { "DL0018", Usings + "[LayeredNetwork(Width = 2, Layers = 1)] public partial class N { [Activation] static double G(double a) => a; public static int [|Forward|] => 0; }",
          "'Forward' is a member the generator emits for ILayeredNetwork; rename the user member" },
        { "DL0023", Usings + "[LayeredNetwork(Width = 2, Layers = 1)] public partial class [|N|] { [Activation] static double G(double a) => a; [Activation] static double H(double a) => -a; }",
          "'N' has [LayeredNetwork] but has 2 [Activation] methods and no [LayerMap] method; declare exactly one [Activation] method for a dense network, or a [LayerMap] method" },
        { "DL0024", Usings + "[LayeredNetwork(Width = 2, Layers = 1, WeightsPerLayer = 1)] public partial class N { [LayerMap] static void [|Layer|](ReadOnlySpan<double> x, Span<double> next) { next[0] = x[0]; next[1] = x[1]; } }",
          "[LayerMap] method 'Layer' must be 'static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)' with a body" },
        { "DL0025", Network("next[0] = w[0] * x[0]; next[1] = w[1] * x[1];", members: "[LayerMap] static void [|Other|](ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next) { next[0] = x[0]; next[1] = x[1]; }"),
          "'Other' is a second [LayerMap] method; a network has exactly one" },
        { "DL0026", Usings + "[[|LayeredNetwork(Width = 2, Layers = 3, InputWidth = 4, WeightsPerLayer = 2)|]] public partial class N { [LayerMap] static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next) { next[0] = w[0] * x[0]; next[1] = w[1] * x[1]; } }",
          "[LayeredNetwork] on 'N': a [LayerMap] network maps Width = 2 neurons to Width; InputWidth (4) and OutputWidth (2) must equal it or be left out (pad the inputs to Width and measure only the components you have)" },
        { "DL0026", Usings + "[[|LayeredNetwork(Width = 0, Layers = 2)|]] public partial class N { [Activation] static double G(double a) => a; }",
          "[LayeredNetwork] on 'N': Width must be at least 1 (it is 0)" },
    };

    private static string Network(string body, string members = "") => Usings + $$"""
        [LayeredNetwork(Width = 2, Layers = 3, WeightsPerLayer = 2)]
        public partial class N
        {
            [LayerMap]
            static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next)
            {
                {{body}}
            }
            {{members}}
        }
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsIdMessageAndLocation(string id, string markedSource, string message)
    {
        int start = markedSource.IndexOf("[|", System.StringComparison.Ordinal);
        int end = markedSource.IndexOf("|]", System.StringComparison.Ordinal) - 2;
        Assert.True(start >= 0 && end >= start, "test source must mark the expected span with [| |]");
        string source = markedSource.Replace("[|", "").Replace("|]", "");

        GeneratorHarness.Result result = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new TextSpan(start, end - start), diagnostic.Location.SourceSpan);
        Assert.Equal("Model0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(result.Run.GeneratedTrees); // nothing is emitted for a rejected model
    }

    [Fact]
    public void EveryDescriptorIsListedInTheReleaseFile()
    {
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "generator", "AnalyzerReleases.Unshipped.md"));
        var ids = typeof(DeepestLearning.Generator.DeepestLearningGenerator).Assembly
            .GetType("DeepestLearning.Generator.Diagnostics.DiagnosticDescriptors")!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToList();
        Assert.Equal(33, ids.Count);
        foreach (string id in ids) Assert.Contains(id + " |", releases);
    }

    [Fact]
    public void EveryDescriptorLinksToItsSectionOfTheDiagnosticsPage()
    {
        string page = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "docs", "diagnostics.md")).Replace("\r\n", "\n");
        foreach (DiagnosticDescriptor descriptor in DeepestLearning.Generator.Diagnostics.DiagnosticDescriptors.All)
        {
            Assert.Equal("https://github.com/deepestlearning/DeepestLearning.Codegen/blob/main/docs/diagnostics.md#" + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.Contains("\n## " + descriptor.Id + "\n", page);
        }
    }

    [Fact]
    public void EveryReportedIdHasATestCase()
    {
        var tested = Cases.Select(row => (string)row[0]).ToHashSet();
        // DL0022 is the generator's own safety net for internal failures and cannot be provoked from valid input.
        for (int n = 1; n <= 33; n++) if (n != 22) Assert.Contains($"DL{n:D4}", tested);
    }

    internal static string RepositoryRoot()
    {
        string? dir = System.AppContext.BaseDirectory;
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir, "DeepestLearning.Codegen.sln"))) dir = System.IO.Path.GetDirectoryName(dir);
        return dir ?? throw new System.InvalidOperationException("repository root not found");
    }
}
