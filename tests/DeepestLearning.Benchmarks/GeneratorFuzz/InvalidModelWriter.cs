using System;
using System.Collections.Generic;
using System.Linq;

namespace DeepestLearning.Fuzzing;

/// <summary>
/// Writes a random model with one defect the generator must reject with a located DL diagnostic:
/// a valid random model from <see cref="ValidModelWriter"/> with an unsupported statement,
/// expression, call, local type, branch, index, overflow, attribute combination, count or
/// signature spliced in. The source stays valid C#, so the only errors are the generator's.
/// </summary>
public sealed class InvalidModelWriter
{
    private readonly Random _random;

    public InvalidModelWriter(Random random) => _random = random;

    /// <summary>Defects that are one statement in the body, before the outputs; {D} is replaced by States.</summary>
    private static readonly string[] s_statementDefects =
    {
        "while (true) { }",
        "do { } while (false);",
        "foreach (double v in x) { }",
        "switch (1) { default: break; }",
        "for (;;) { }",
        "goto end; end: ;",
        "if (x[0] > 0.0) { }",
        "double bad = x[0] > 1.0 ? 1.0 : 2.0;",
        "bool bad = x[0] > 1.0;",
        "double bad = x[(int)x[0]];",
        "double bad = x[{D}];",
        "double bad = x[-1 + 0 * {D}];",
        "p = x;",
        "dxdt[0] += x[0];",
        "float bad = 1.5f;",
        "double bad = (float)x[0];",
        "double bad = MathF.Sin(1.5f) * x[0];",
        "double bad = (int)(3.7 * x[0]);",
        "double bad = (double)(long)x[0];",
        "int bad = (int)x[0];",
        "double bad = Math.Max(x[0], 1.0);",
        "double bad = Math.Sign(x[0]);",
        "double bad = x[0] % 2.0;",
        "int big = int.MaxValue; big += 1;",
        "int lo = int.MinValue; int q = lo / -1;",
        "int lo = int.MinValue; int q = lo % -1;",
        "long l = long.MaxValue; l *= 2;",
        "long l = long.MinValue; long q = l / -1;",
        "byte b = 200; b += 100;",
        "int lo = int.MinValue; int a = Math.Abs(lo);",
        "long l = 5000000000L; int n = (int)l;",
        "uint w = 0u; w -= 1u;",
        "int big = int.MaxValue; int wrapped = unchecked(big + 1);",
        "int z = 0; int q = 5 / z;",
        "int one = 1; int sh = one << 3;",
        "string bad = \"a\";",
        "ulong bad = 1UL;",
        "decimal bad = 1m;",
        "x[0].ToString();",
        "Console.WriteLine(x[0]);",
        "double bad = new double[1][0];",
        "double bad = Undefined(x[0]);",
        "double bad = s_scale * x[0];",
        "double bad = R(x[0]);",
        "return;",
        "double t; t += 1.0;",
        "double bad = x[0] + x[0] * 2.0 + x[0] * 3.0 + x[0] * 4.0 + x[0] * 5.0 + x[0] % 2.0;",
        "System.Span<double> bad = stackalloc double[1];",
    };

    /// <summary>Members every invalid model carries, so that the statement defects above compile.</summary>
    private const string SupportMembers =
        "static double s_scale = 2.0; static double Undefined(double a) => a; [Activation] static double R(double a) => R(a * 0.5);";

    public string Write(string className, out string defect)
    {
        var valid = new ValidModelWriter(_random);
        valid.Write(className); // fills the parts
        string counts = $"States = {valid.States}, Parameters = {valid.Parameters}, Stimuli = {valid.Stimuli}";
        var members = new List<string>(valid.Members) { SupportMembers };
        var statements = new List<string>(valid.Statements);
        var outputs = new List<string>(valid.OutputLines);

        int kind = _random.Next(s_statementDefects.Length + 24);
        if (kind < s_statementDefects.Length)
        {
            defect = s_statementDefects[kind].Replace("{D}", valid.States.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Into the top-level statements, never inside a multi-line construct.
            statements.Insert(TopLevelPosition(statements), defect);
            return valid.Assemble(className, counts, members, statements, outputs);
        }

        switch (kind - s_statementDefects.Length)
        {
            case 0:
                defect = "non-partial type";
                return valid.Assemble(className, counts, members, statements, outputs, typeModifiers: "public class");
            case 1:
                defect = "generic type";
                return valid.Assemble(className + "<T>", counts, members, statements, outputs);
            case 2:
                defect = "no [VectorField]";
                return valid.Assemble(className, counts, members, statements, outputs, methodAttributes: "");
            case 3:
                defect = "second [VectorField]";
                members.Add("[VectorField] static void Other(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) { dxdt[0] = x[0]; }");
                return valid.Assemble(className, counts, members, statements, outputs);
            case 4:
                defect = "a vector field with a double parameter";
                return valid.Assemble(className, counts, members, statements, outputs).Replace("Span<double> dxdt)", "double extra, Span<double> dxdt)");
            case 5:
                defect = "States = 0";
                return valid.Assemble(className, $"States = 0, Parameters = {valid.Parameters}, Stimuli = {valid.Stimuli}", members, statements, outputs);
            case 6:
                defect = "States = int.MaxValue";
                return valid.Assemble(className, $"States = int.MaxValue, Parameters = {valid.Parameters}, Stimuli = {valid.Stimuli}", members, statements, outputs);
            case 7:
                defect = "Parameters = -1";
                return valid.Assemble(className, $"States = {valid.States}, Parameters = -1, Stimuli = {valid.Stimuli}", members, statements, outputs);
            case 8:
                defect = "an unread parameter";
                return valid.Assemble(className, $"States = {valid.States}, Parameters = {valid.Parameters + 1}, Stimuli = {valid.Stimuli}", members, statements, outputs);
            case 9:
                defect = "Stimuli without a stimulus span";
                return valid.Assemble(className, $"States = {valid.States}, Parameters = {valid.Parameters}, Stimuli = {valid.Stimuli + 1}", members, statements, outputs);
            case 10:
                defect = "activation with two parameters";
                members.Add("[Activation] static double Two(double a, double b) => a * b;");
                return valid.Assemble(className, counts, members, statements, outputs);
            case 11:
                defect = "member named Jacobian";
                members.Add("public static int Jacobian() => 0;");
                return valid.Assemble(className, counts, members, statements, outputs);
            case 12:
                defect = "[LayeredNetwork] as well";
                return valid.Assemble(className, counts, members, statements, outputs, typeAttributes: " [LayeredNetwork(Width = 2, Layers = 1)]");
            case 13:
                defect = "[DynamicalModel] on a second partial declaration";
                return valid.Assemble(className, counts, members, statements, outputs) + $"[DynamicalModel({counts})] public partial class {className} {{ }}\n";
            case 14:
                defect = "[LayerMap] in a model";
                members.Add("[LayerMap] static void Layer(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> next) { next[0] = x[0]; }");
                return valid.Assemble(className, counts, members, statements, outputs);
            case 15:
                defect = "[Activation] on the vector field";
                return valid.Assemble(className, counts, members, statements, outputs, methodAttributes: "[VectorField, Activation]");
            case 16:
                defect = "a stray [VectorField] in another class";
                return valid.Assemble(className, counts, members, statements, outputs) +
                    $"public static class {className}Helpers {{ [VectorField] static void F(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt) {{ dxdt[0] = x[0]; }} }}\n";
            case 17:
                defect = "a stray [Activation] in another class";
                return valid.Assemble(className, counts, members, statements, outputs) +
                    $"public static class {className}Helpers {{ [Activation] static double A(double a) => a; }}\n";
            case 18:
                defect = "an output never written";
                outputs.RemoveAt(_random.Next(outputs.Count));
                return valid.Assemble(className, counts, members, statements, outputs);
            case 19:
                defect = "an output written twice";
                outputs.Add(outputs[_random.Next(outputs.Count)]);
                return valid.Assemble(className, counts, members, statements, outputs);
            case 20:
                // Rare on purpose: running two million statements takes a while.
                if (_random.Next(10) != 0) goto case 21;
                defect = "three million iterations";
                statements.Insert(TopLevelPosition(statements), "for (int i = 0; i < 3000000; i++) { }");
                return valid.Assemble(className, counts, members, statements, outputs);
            case 21:
                defect = "an expression 3000 deep ending in %";
                statements.Insert(TopLevelPosition(statements), "double deep = x[0]" + string.Concat(Enumerable.Repeat(" + x[0] * 0.5", 3000)) + " % 2.0;");
                return valid.Assemble(className, counts, members, statements, outputs);
            case 22:
                defect = "a vector field returning double";
                return valid.Assemble(className, counts, members, statements, outputs).Replace("static void Flow(", "static double Flow(").Replace("    }\n}\n", "        return 0.0;\n    }\n}\n");
            default:
                defect = "a state-dependent else-if chain 500 deep";
                statements.Insert(TopLevelPosition(statements),
                    string.Concat(Enumerable.Range(0, 500).Select(k => $"if ({k} > {k + 1}) {{ }} else ")) + "if (x[0] > 1.0) { }");
                return valid.Assemble(className, counts, members, statements, outputs);
        }
    }

    /// <summary>A position between top-level statements (lines that start a statement at the body's indentation).</summary>
    private int TopLevelPosition(List<string> statements)
    {
        var positions = new List<int> { statements.Count };
        for (int i = 0; i < statements.Count; i++)
            if (!statements[i].StartsWith(" ", StringComparison.Ordinal) && !statements[i].StartsWith("{", StringComparison.Ordinal) &&
                !statements[i].StartsWith("}", StringComparison.Ordinal) && (i == 0 || !statements[i - 1].StartsWith("for", StringComparison.Ordinal)))
                positions.Add(i);
        return positions[_random.Next(positions.Count)];
    }
}
