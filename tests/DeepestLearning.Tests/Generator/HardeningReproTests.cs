using System;
using System.Linq;
using System.Runtime.Loader;
using DeepestLearning.Fuzzing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DeepestLearning.Tests.Generator;

/// <summary>
/// The adversarial inputs that broke the generator (stack overflows of the compiler, CS8785, DL0022,
/// silently wrong code, false rejections), each kept as a regression test.
/// </summary>
public class HardeningReproTests
{
    private static string Model(string body, string counts = "States = 4, Parameters = 1", string members = "") => $$"""
        using System;
        using DeepestLearning;

        [DynamicalModel({{counts}})]
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

    /// <summary>Runs the generator; the model must be accepted, with no diagnostic of any kind.</summary>
    private static GeneratedAssembly Accepted(string source)
    {
        GeneratedAssembly generated = GeneratedAssembly.Generate(new[] { source });
        Assert.Empty(generated.GeneratorExceptions);
        Assert.Empty(generated.GeneratorDiagnostics);
        Assert.Single(generated.Run.GeneratedTrees);
        return generated;
    }

    /// <summary>Compiles and loads an accepted model and checks it against the user's C# and central differences.</summary>
    private static void AcceptedAndExact(string source, Action<LoadedModel>? more = null)
    {
        var assembly = Accepted(source).Load(out AssemblyLoadContext context);
        try
        {
            var model = new LoadedModel(assembly.GetType("M")!, "Flow");
            DerivativeProperties.Check(model, new Random(7));
            more?.Invoke(model);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Runs the generator; exactly one diagnostic, with this id, located in the model's own file.</summary>
    private static Diagnostic Rejected(string id, params string[] sources)
    {
        GeneratedAssembly generated = GeneratedAssembly.Generate(sources);
        Assert.Empty(generated.GeneratorExceptions);
        Diagnostic diagnostic = Assert.Single(generated.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.True(diagnostic.Location.SourceSpan.Length > 0, diagnostic.ToString());
        Assert.StartsWith("Model", diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(generated.Run.GeneratedTrees);
        return diagnostic;
    }

    /// <summary>The deepest parenthesis nesting in generated code: the compiler binds every level recursively.</summary>
    private static int MaxNesting(string source)
    {
        int depth = 0, deepest = 0;
        foreach (char c in source)
        {
            if (c == '(') deepest = Math.Max(deepest, ++depth);
            else if (c == ')') depth--;
        }
        return deepest;
    }

    // ------------------------------------------------------------------ compiler stack overflows

    [Fact]
    public void FourStateModelSumming50000TermsIsEmittedAsShallowCode()
    {
        // The scheduler recursed once per term of the running sum and overflowed the compiler's stack.
        string source = Accepted(Model("double s = 0; for (int k = 0; k < 50000; k++) s += x[k % 4] * p[0] / (k + 1); for (int i = 0; i < 4; i++) dxdt[i] = s * x[i];"))
            .Run.GeneratedTrees[0].ToString();
        Assert.True(MaxNesting(source) < 40, $"nesting {MaxNesting(source)}");
    }

    [Fact]
    public void SinRecurrenceRepeated100000TimesIsEmittedAsShallowCode()
    {
        string source = Accepted(Model("double a = x[0]; for (int k = 0; k < 100000; k++) a = Math.Sin(a) + p[0]; dxdt[0] = a; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"))
            .Run.GeneratedTrees[0].ToString();
        Assert.True(MaxNesting(source) < 40, $"nesting {MaxNesting(source)}");
    }

    [Fact]
    public void ExpressionNested10000DeepIsInterpretedWithoutRecursion()
    {
        // Roslyn parses and compiles a 10 000-term operator chain; the body interpreter recursed per term.
        // Small coefficients keep F near 1, so central differences resolve the derivatives to 1e-6.
        string chain = string.Concat(Enumerable.Range(1, 10_000).Select(k => $" + x[{k % 4}] * {k % 7 + 1}e-4"));
        AcceptedAndExact(Model($"dxdt[0] = Math.Sin(x[0]) * p[0]{chain}; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"));
    }

    [Fact]
    public void ElseIfChain2500LongIsInterpretedWithoutRecursion()
    {
        // Roslyn itself binds a nested else-if chain in superlinear time, so the chain is shorter than the expression.
        string chain = string.Concat(Enumerable.Range(0, 2500).Select(k => $"if (k == {k}) dxdt[0] = x[0] * {k}.0; else "));
        AcceptedAndExact(Model($"int k = 2499; {chain} dxdt[0] = x[0]; dxdt[1] = x[1] * p[0]; dxdt[2] = x[2]; dxdt[3] = x[3];"),
            model => Assert.Equal(2499.0, Evaluate(model, 0)));
    }

    private static double Evaluate(LoadedModel model, int component)
    {
        var f = new double[model.States];
        model.VectorField(Enumerable.Repeat(1.0, model.States).ToArray(), Enumerable.Repeat(1.0, model.Parameters).ToArray(), new double[model.Stimuli], f);
        return f[component];
    }

    // ------------------------------------------------------------------ CS8785

    [Fact]
    public void DynamicalModelAndLayeredNetworkOnOneClassIsDL0028()
    {
        Rejected("DL0028", """
            using System;
            using DeepestLearning;
            [DynamicalModel(States = 1), LayeredNetwork(Width = 1, Layers = 1)]
            public partial class M
            {
                [VectorField] static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; }
                [Activation] static double G(double a) => a;
            }
            """);
    }

    [Fact]
    public void DynamicalModelOnTwoPartialDeclarationsInTwoFilesIsDL0029()
    {
        Rejected("DL0029", Model("dxdt[0] = x[0] * p[0]; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"),
            "using DeepestLearning;\n[DynamicalModel(States = 4, Parameters = 1)]\npublic partial class M { }\n");
    }

    // ------------------------------------------------------------------ DL0022 at the type name

    [Fact]
    public void LongAndUintLiteralsAreExact() =>
        AcceptedAndExact(Model("long big = 3000000000; uint u = 4000000000u; dxdt[0] = big * x[0] + u * p[0]; dxdt[1] = x[(int)(big % 4)]; dxdt[2] = x[(int)(u % 3)]; dxdt[3] = x[3];"),
            model => Assert.Equal(3e9 + 4e9, Evaluate(model, 0)));

    [Theory]
    [InlineData("int m = int.MinValue; int q = m / -1;")]
    [InlineData("int m = int.MinValue; int q = m % -1;")]
    [InlineData("long m = long.MinValue; long q = m / -1;")]
    [InlineData("long m = long.MinValue; long q = m % -1;")]
    [InlineData("int m = int.MinValue; int q = Math.Abs(m);")]
    [InlineData("int m = int.MaxValue; m += 1;")]
    [InlineData("int m = int.MaxValue; m++;")]
    [InlineData("long k = long.MaxValue; int q = (int)k;")]
    [InlineData("byte b = 200; b += 100;")]
    [InlineData("uint u = 0; u -= 1;")]
    public void IntegerOverflowIsDL0027(string statements) =>
        Rejected("DL0027", Model(statements + " dxdt[0] = x[0] * p[0]; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"));

    [Fact]
    public void RemainderByMinusOneOfAnOrdinaryValueIsZero() =>
        AcceptedAndExact(Model("int m = 7; int r = m % -1; dxdt[r] = x[0] * p[0]; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"));

    [Theory]
    [InlineData("States = int.MaxValue, Parameters = 1")]
    [InlineData("States = 4, Parameters = int.MaxValue")]
    [InlineData("States = 4, Parameters = 1, Stimuli = int.MaxValue")]
    public void CountsOfIntMaxValueAreDL0006(string counts) =>
        Rejected("DL0006", Model("dxdt[0] = x[0] * p[0]; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];", counts));

    [Theory]
    [InlineData("Width = int.MaxValue, Layers = 2")]
    [InlineData("Width = 4, Layers = int.MaxValue")]
    public void NetworkShapesOfIntMaxValueAreDL0026(string shape) =>
        Rejected("DL0026", $"using DeepestLearning;\n[LayeredNetwork({shape})]\npublic partial class N {{ [Activation] static double G(double a) => a; }}\n");

    // ------------------------------------------------------------------ silently wrong code

    [Fact]
    public void TruncatingCastIsDL0008()
    {
        Diagnostic diagnostic = Rejected("DL0008", Model("dxdt[0] = (int)(3.7 * x[0]); dxdt[1] = x[1] * p[0]; dxdt[2] = x[2]; dxdt[3] = x[3];"));
        Assert.Contains("truncates", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void LongLocalsAreNotTruncatedTo32Bits() =>
        AcceptedAndExact(Model("long k = int.MaxValue; k += 1; if (k > 0) dxdt[0] = x[0] * p[0]; else dxdt[0] = -x[0] * p[0]; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"),
            model => Assert.Equal(1.0, Evaluate(model, 0)));

    [Fact]
    public void UintLocalsKeepTheirRange() =>
        AcceptedAndExact(Model("uint u = 3000000000; u += 1000000000; dxdt[0] = u * x[0] * p[0]; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"),
            model => Assert.Equal(4e9, Evaluate(model, 0)));

    [Theory]
    [InlineData("DL0008", "dxdt[0] = (float)x[0] * p[0];")]
    [InlineData("DL0008", "dxdt[0] = MathF.Sin((float)x[0]) * p[0];")]
    [InlineData("DL0008", "dxdt[0] = (x[0] > 0 ? 1.5f : 2.5f) * p[0];")]
    [InlineData("DL0021", "float f = 1.5f; dxdt[0] = f * x[0] * p[0];")]
    public void FloatArithmeticIsRejected(string id, string statement) =>
        Rejected(id, Model(statement + " dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"));

    [Fact]
    public void FloatConstantsMeetingDoublesAreExact() =>
        AcceptedAndExact(Model("dxdt[0] = 0.1f * x[0] * p[0]; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"),
            model => Assert.Equal((double)0.1f, Evaluate(model, 0)));

    // ------------------------------------------------------------------ false rejections

    [Fact]
    public void CharConstantsAreTheirCodes() =>
        AcceptedAndExact(Model("dxdt[0] = 'a' * x[0] * p[0]; dxdt['b' - 'a'] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"),
            model => Assert.Equal(97.0, Evaluate(model, 0)));

    [Fact]
    public void MathAbsOfAnIntegerConstantIsAccepted() =>
        AcceptedAndExact(Model("dxdt[0] = Math.Abs(3) * x[0] * p[0]; dxdt[Math.Abs(-1)] = x[1]; dxdt[2] = x[2] * Math.Max(2, Math.Min(5, 4)); dxdt[3] = x[3];"),
            model => Assert.Equal(3.0, Evaluate(model, 0)));

    [Fact]
    public void ActivationMayReassignItsParameter() =>
        AcceptedAndExact(Model("dxdt[0] = G(x[0]) * p[0]; dxdt[1] = G(G(x[1])); dxdt[2] = x[2]; dxdt[3] = x[3];",
            members: "[Activation] static double G(double a) { a = a * 0.5; a += Math.Sin(a); return a * a; }"));

    [Fact]
    public void LoopOf999999IterationsIsWithinTheStatementLimit() =>
        AcceptedAndExact(Model("double s = 0; for (int i = 0; i < 999999; i++) s += 1e-6; dxdt[0] = s * x[0] * p[0]; dxdt[1] = x[1]; dxdt[2] = x[2]; dxdt[3] = x[3];"));
}
