using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DeepestLearning.Fuzzing;

/// <summary>
/// Writes a random [DynamicalModel] the generator must accept: expressions over x, p, u, constants
/// and every supported Math function, double and integer locals (int, long, uint, short), compound
/// assignments, loops with constant bounds, integer branches and conditionals, and [Activation]
/// methods that reassign their parameter and call each other. Values stay bounded (arguments of
/// Log, Sqrt and Pow bases are kept positive, denominators away from zero) so that central
/// differences are accurate; integer values stay non-negative so every index is in range. Every
/// declared parameter and stimulus is read, and every output written once.
/// </summary>
public sealed class ValidModelWriter
{
    private readonly Random _random;
    private readonly List<string> _doubles = new();   // double locals of the body
    private readonly List<string> _integers = new();  // non-negative integer locals and loop variables in scope
    private readonly List<string> _longs = new();     // non-negative long/uint locals (indexed through a cast)
    private readonly List<string> _activations = new();
    private readonly StringBuilder _body = new();
    private int _names;
    private int _indent;

    public ValidModelWriter(Random random) => _random = random;

    public int States { get; private set; }
    public int Parameters { get; private set; }
    public int Stimuli { get; private set; }

    /// <summary>Extra members of the class (activations).</summary>
    public List<string> Members { get; } = new();

    /// <summary>The body's statements before the outputs, and the output assignments, as separate lines (the invalid writer splices into them).</summary>
    public List<string> Statements { get; } = new();
    public List<string> OutputLines { get; } = new();

    public const string UserMethod = "Flow";

    public string Write(string className)
    {
        Generate();
        return Assemble(className, $"States = {States}, Parameters = {Parameters}, Stimuli = {Stimuli}", Members, Statements, OutputLines);
    }

    /// <summary>Builds a class from parts; the invalid writer reuses it with one part broken.</summary>
    public string Assemble(string className, string counts, IEnumerable<string> members, IEnumerable<string> statements, IEnumerable<string> outputs,
        string typeAttributes = "", string methodAttributes = "[VectorField]", string typeModifiers = "public partial class", bool withStimuli = true)
    {
        var source = new StringBuilder();
        source.Append("using System;\nusing DeepestLearning;\n\n");
        source.Append("[DynamicalModel(").Append(counts).Append(")]").Append(typeAttributes).Append('\n');
        source.Append(typeModifiers).Append(' ').Append(className).Append("\n{\n");
        foreach (string member in members) source.Append("    ").Append(member).Append('\n');
        source.Append("    ").Append(methodAttributes).Append('\n');
        source.Append("    static void ").Append(UserMethod).Append("(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ")
            .Append(Stimuli > 0 && withStimuli ? "ReadOnlySpan<double> u, " : "").Append("Span<double> dxdt)\n    {\n");
        foreach (string line in statements) source.Append("        ").Append(line).Append('\n');
        foreach (string line in outputs) source.Append("        ").Append(line).Append('\n');
        source.Append("    }\n}\n");
        return source.ToString();
    }

    private void Generate()
    {
        States = 1 + _random.Next(4);
        Parameters = _random.Next(4);
        Stimuli = _random.Next(3);
        WriteActivations();

        int statements = 1 + _random.Next(6);
        for (int s = 0; s < statements; s++) TopLevelStatement();
        Statements.AddRange(_body.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var extras = new StringBuilder[States];
        for (int k = 0; k < States; k++) extras[k] = new StringBuilder();
        for (int j = 0; j < Parameters; j++) extras[_random.Next(States)].Append(" + 0.125 * p[").Append(j).Append(']');
        for (int j = 0; j < Stimuli; j++) extras[_random.Next(States)].Append(" - 0.25 * u[").Append(j).Append(']');
        foreach (int k in Permutation(States))
            OutputLines.Add($"dxdt[{k}] = {Expression(3)}{extras[k]};");
    }

    private void WriteActivations()
    {
        if (_random.NextDouble() < 0.4)
        {
            Members.Add(_random.Next(3) switch
            {
                0 => "[Activation] static double G(double a) { a = a * 0.5; double b = Math.Tanh(a); return b + 0.25 * a; }",
                1 => "[Activation] static double G(double a) => Math.Sin(a) * Math.Cos(0.5 * a);",
                _ => "[Activation] static double G(double a) { double s = 0.0; for (int k = 0; k < 3; k++) s += Math.Sin(a * (k + 1)); return s; }",
            });
            _activations.Add("G");
            if (_random.NextDouble() < 0.5)
            {
                Members.Add(_random.Next(2) == 0
                    ? "[Activation] static double H(double a) => G(a) * 0.5 + Math.Atan(a);"
                    : "[Activation] static double H(double a) { a -= 0.25; if (true) a *= 2.0; return G(a) * Math.Cos(a); }");
                _activations.Add("H");
            }
        }
    }

    private IEnumerable<int> Permutation(int n)
    {
        var order = new List<int>();
        for (int i = 0; i < n; i++) order.Insert(_random.Next(order.Count + 1), i);
        return order;
    }

    private string Name(string prefix) => prefix + (_names++).ToString(CultureInfo.InvariantCulture);

    private void Line(string text) => _body.Append(' ', _indent * 4).Append(text).Append('\n');

    // ------------------------------------------------------------------ statements

    private void TopLevelStatement()
    {
        switch (_random.Next(8))
        {
            case 0 or 1:
            {
                string name = Name("t");
                Line($"double {name} = {Expression(3)};");
                _doubles.Add(name);
                return;
            }
            case 2:
                IntegerLocal();
                return;
            case 3:
            {
                string name = Name("f");
                string m = _integers.Count > 0 ? Pick(_integers) : "3";
                Line($"bool {name} = {m} % 2 == 0 || {(_random.Next(2) == 0 ? "true" : "false")} && !(1 > 2);");
                EnsureDouble();
                Line($"if ({name}) {Compound()} else {Compound()}");
                return;
            }
            case 4:
                EnsureDouble();
                Line(Compound());
                return;
            default:
                EnsureDouble();
                Loop(nesting: 0);
                return;
        }
    }

    private void EnsureDouble()
    {
        if (_doubles.Count > 0) return;
        string name = Name("t");
        Line($"double {name} = {Expression(2)};");
        _doubles.Add(name);
    }

    private void IntegerLocal()
    {
        switch (_random.Next(5))
        {
            case 0:
            {
                string name = Name("m");
                Line($"int {name} = {IntegerExpression()};");
                _integers.Add(name);
                return;
            }
            case 1:
            {
                // Above int range: exact long arithmetic, indexed through a cast.
                string name = Name("big");
                Line($"long {name} = 3000000000L + {IntegerExpression()};");
                Line($"{name} += {_random.Next(1000)};");
                _longs.Add(name);
                return;
            }
            case 2:
            {
                string name = Name("w");
                Line($"uint {name} = {3000000000u + (uint)_random.Next(1000)}u;");
                _longs.Add(name);
                return;
            }
            case 3:
            {
                string name = Name("s");
                Line($"short {name} = {_random.Next(100)};");
                Line($"{name} += {_random.Next(100)};");
                _integers.Add(name);
                return;
            }
            default:
            {
                string name = Name("C");
                Line($"const int {name} = {_random.Next(1, 7)};");
                _integers.Add(name);
                return;
            }
        }
    }

    /// <summary>A non-negative integer expression over literals and integer locals in scope.</summary>
    private string IntegerExpression()
    {
        string operand = _integers.Count > 0 && _random.Next(2) == 0 ? Pick(_integers) : _random.Next(10).ToString(CultureInfo.InvariantCulture);
        return _random.Next(5) switch
        {
            0 => $"({operand} * {_random.Next(1, 8)} + {_random.Next(5)}) % {_random.Next(1, 9)}",
            1 => $"Math.Abs({operand} - {_random.Next(6)})",
            // "* 1" makes a short operand an int: Math.Max(short, int literal) is ambiguous in C#.
            2 => $"Math.Max({operand} * 1, {_random.Next(4)}) + Math.Min({operand} * 1, 2)",
            3 => $"({operand} & 6) | ({operand} ^ 1)",
            _ => operand,
        };
    }

    private void Loop(int nesting)
    {
        string i = Name("i");
        int bound = 1 + _random.Next(nesting == 0 ? 6 : 3);
        Line(_random.Next(2) == 0 ? $"for (int {i} = 0; {i} < {bound}; {i}++)" : $"for (int {i} = {bound - 1}; {i} >= 0; --{i})");
        Line("{");
        _indent++;
        _integers.Add(i);
        int statements = 1 + _random.Next(2);
        for (int s = 0; s < statements; s++)
        {
            switch (_random.Next(nesting == 0 ? 5 : 4))
            {
                case 0:
                    Line($"if ({i} % 3 == 0) {Compound()}");
                    Line($"else if ({i} % 3 == 1) {{ {Compound()} }}");
                    Line($"else {Compound()}");
                    break;
                case 1:
                {
                    string m = Name("m");
                    Line($"int {m} = ({i} * {_random.Next(1, 8)} + {_random.Next(5)}) % {1 + _random.Next(7)};");
                    _integers.Add(m);
                    Line(Compound());
                    _integers.Remove(m);
                    break;
                }
                case 4:
                    Loop(nesting + 1);
                    break;
                default:
                    Line(Compound());
                    break;
            }
        }
        _integers.Remove(i);
        _indent--;
        Line("}");
    }

    /// <summary>An assignment to a double local that keeps it bounded.</summary>
    private string Compound()
    {
        string t = Pick(_doubles);
        return _random.Next(6) switch
        {
            // Half the term: t -= sin(t) would shrink t like t³ and cancel its derivative to exact zeros.
            0 => $"{t} += 0.5 * {Expression(2)};",
            1 => $"{t} -= 0.5 * {Expression(2)};",
            2 => $"{t} *= 0.5 + 0.25 * Math.Cos({Expression(2)});",
            3 => $"{t} /= 2.0 + Math.Sin({Expression(2)});",
            // Half the new term: t = tanh(t) - t would cancel to exact zeros after a few iterations.
            4 => $"{t} = Math.Atan({t}) + 0.5 * {Expression(1)};",
            _ => $"{t} = {Expression(2)};",
        };
    }

    // ------------------------------------------------------------------ expressions

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Index(int count)
    {
        if (count == 1 && _random.Next(2) == 0) return "0";
        switch (_random.Next(5))
        {
            case 0 when _integers.Count > 0:
                return $"{Pick(_integers)} % {count}";
            case 1 when _integers.Count > 0:
                return $"({Pick(_integers)} + {_random.Next(5)}) % {count}";
            case 2 when _longs.Count > 0:
                return $"(int)({Pick(_longs)} % {count})";
            case 3:
                return $"Math.Abs({_random.Next(5)} - {_random.Next(5)}) % {count}";
            default:
                return _random.Next(count).ToString(CultureInfo.InvariantCulture);
        }
    }

    private string Constant()
    {
        double value = Math.Round(-2 + 4 * _random.NextDouble(), 3);
        string text = value.ToString("0.0##", CultureInfo.InvariantCulture);
        return value < 0 ? "(" + text + ")" : text;
    }

    /// <summary>
    /// A coefficient in [0.6, 1.4) with six decimals for every read of x and p. Two reads of one variable
    /// then almost never cancel exactly, as (p − x) + x or a loop subtracting what it added do: such a
    /// derivative is structurally present but identically zero, and no point shows it non-zero.
    /// </summary>
    private string Coefficient() => (0.6 + Math.Round(0.8 * _random.NextDouble(), 6)).ToString("0.0#####", CultureInfo.InvariantCulture);

    private string Leaf()
    {
        switch (_random.Next(9))
        {
            case 0 or 1:
                return $"{Coefficient()} * x[{Index(States)}]";
            case 2 when Parameters > 0:
                return $"{Coefficient()} * p[{Index(Parameters)}]";
            case 3 when Stimuli > 0:
                return $"u[{Index(Stimuli)}]";
            // Locals are read through a bounded function, so a loop can grow them only additively:
            // t += (x + t) doubles t each iteration, and sin of a huge t defeats central differences.
            // Not tanh: a local a loop has grown to 20 makes tanh exactly 1.0 and its derivative exactly 0.
            // With a coefficient of its own, like x and p: −sin(t) + |sin(t)| is identically 0 wherever sin(t) > 0.
            case 4 when _doubles.Count > 0:
                return $"{(_random.Next(2) == 0 ? "Math.Sin" : "Math.Atan")}({Coefficient()} * {Pick(_doubles)})";
            // Small integers only: tanh(23 - x) is 1.0 in double and its derivative an exact zero.
            case 5 when _integers.Count > 0:
                return _random.Next(2) == 0 ? $"({Pick(_integers)} % 8 * 0.25)" : $"(double)({Pick(_integers)} % 5 + 1) / 4";
            case 6:
                // A float literal only ever meets a double: a float-typed expression is (rightly) rejected.
                return _random.Next(2) == 0 ? $"(Math.Abs({_random.Next(4)}) * 0.5)" : $"({Coefficient()}f * x[{Index(States)}])";
            case 7:
                return _random.Next(2) == 0 ? "Math.PI" : $"({Coefficient()} * x[{Index(States)}])";
            default:
                return Constant();
        }
    }

    private string Expression(int depth)
    {
        if (depth <= 0 || _random.NextDouble() < 0.25) return Leaf();
        string E() => Expression(depth - 1);
        switch (_random.Next(26))
        {
            case 0: return $"({E()} + {E()})";
            case 1: return $"({E()} - {E()})";
            case 2: return $"({E()} * {E()})";
            case 3: return $"({E()} / (2.0 + Math.Cos({E()})))";
            case 4: return $"Math.Sin({E()})";
            case 5: return $"Math.Cos({E()})";
            case 6: return $"Math.Tanh({E()})";
            case 7: return $"Math.Atan({E()})";
            case 8: return $"Math.Abs({E()})";
            case 9: return $"Math.Exp(Math.Sin({E()}))";
            case 10: return $"Math.Sinh(Math.Cos({E()}))";
            case 11: return $"Math.Cosh(Math.Sin({E()}))";
            case 12: return $"Math.Tan(0.5 * Math.Sin({E()}))";
            case 13: return $"Math.Sqrt(1.5 + Math.Sin({E()}))";
            case 14: return $"Math.Log(2.0 + Math.Sin({E()}))";
            case 15: return $"Math.Log10(2.5 + Math.Cos({E()}))";
            case 16: return $"Math.Log(2.0 + Math.Cos({E()}), 3.0)";
            case 17: return $"Math.Pow(1.5 + Math.Sin({E()}), Math.Cos({E()}))";
            case 18: return $"Math.Pow(Math.Sin({E()}), {2 + _random.Next(2)})"; // a bounded base: nested powers stay small
            case 19: return $"Math.Pow(1.5 + Math.Cos({E()}), 0.5)";
            case 20: return $"double.Sin({E()})";
            case 21: return $"-({E()})";
            case 22 when _activations.Count > 0: return $"{Pick(_activations)}({E()})";
            case 23 when _integers.Count > 0: return $"({Pick(_integers)} % 2 == 0 ? {E()} : {E()})";
            case 24: return $"({E()} * 0.5f)";
            default: return $"({E()} + {Leaf()})";
        }
    }
}
