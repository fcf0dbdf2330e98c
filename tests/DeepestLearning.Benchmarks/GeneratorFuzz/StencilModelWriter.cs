using System;
using System.Globalization;
using System.Text;

namespace DeepestLearning.Fuzzing;

/// <summary>
/// Writes a random model whose rows repeat one expression at shifted indices, the shape the generator
/// emits as loops over rows: 32–44 components, either a cyclic loop over every row with neighbours
/// (i + o) % D, or a loop over the middle rows between two different end rows. The row expression is a
/// random tree of the supported Math functions over neighbours, shared parameters, a parameter per cell
/// and a stimulus; every read carries its own coefficient so that no derivative cancels exactly.
/// </summary>
public sealed class StencilModelWriter
{
    public const string UserMethod = "Flow";

    private readonly Random _random;
    private bool _cyclic;
    private bool _perCell;

    public StencilModelWriter(Random random) => _random = random;

    public string Write(string name)
    {
        int d = 32 + _random.Next(13);
        _cyclic = _random.Next(2) == 0;
        _perCell = _random.Next(2) == 0;
        bool stimulus = _random.Next(2) == 0;
        int parameters = 2 + (_perCell ? d : 0);

        // Every declared input is read in every row, so no count is ever unused.
        string row = Expression(3) + " + " + Coefficient() + " * p[0] * " + Neighbour() + " + p[1] * " + Unary(Neighbour());
        if (_perCell) row += " + p[2 + i] * " + Unary(Neighbour());
        if (stimulus) row += " + u[0] * " + Neighbour();

        var body = new StringBuilder();
        if (_cyclic)
        {
            body.AppendLine("        for (int i = 0; i < D; i++)");
            body.AppendLine("            dxdt[i] = " + row + ";");
        }
        else
        {
            // The end rows read every input too: a per-cell parameter p[2 + i] of rows 0 and D − 1 otherwise goes unread.
            string ends = (_perCell ? " + p[2] * x[0]" : "") + (stimulus ? " + u[0]" : "");
            body.AppendLine("        dxdt[0] = p[0] - x[0] * x[1]" + ends + ";");
            body.AppendLine("        for (int i = 1; i < D - 1; i++)");
            body.AppendLine("            dxdt[i] = " + row + ";");
            body.AppendLine("        dxdt[D - 1] = p[1] * x[D - 2] - x[D - 1]" + (_perCell ? " + p[D + 1] * x[D - 1]" : "") + ";");
        }

        string inputs = stimulus ? "ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt" : "ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt";
        return $$"""
            using System;
            using DeepestLearning;

            [DynamicalModel(States = {{d}}, Parameters = {{parameters}}, Stimuli = {{(stimulus ? 1 : 0)}})]
            public partial class {{name}}
            {
                private const int D = {{d}};

                [VectorField]
                static void {{UserMethod}}({{inputs}})
                {
            {{body}}    }
            }
            """;
    }

    private string Expression(int depth)
    {
        if (depth == 0 || _random.Next(4) == 0) return Coefficient() + " * " + Neighbour();
        return _random.Next(5) switch
        {
            0 => "(" + Expression(depth - 1) + " + " + Expression(depth - 1) + ")",
            1 => "(" + Expression(depth - 1) + " - " + Expression(depth - 1) + ")",
            2 => "(" + Expression(depth - 1) + " * " + Expression(depth - 1) + ")",
            3 => Quotient(Expression(depth - 1), Neighbour()),
            _ => Unary(Expression(depth - 1)),
        };
    }

    /// <summary>a / (1.5 + n²): a denominator that stays away from zero (1.5 + n·m of two neighbours does not).</summary>
    private static string Quotient(string a, string n) => "(" + a + " / (1.5 + " + n + " * " + n + "))";

    /// <summary>
    /// A function that is smooth and finite for every argument, and that grows at most linearly: nested squares
    /// reach 10⁸, where central differences, not the generated derivatives, miss the suite's tolerance.
    /// </summary>
    private string Unary(string argument) => _random.Next(7) switch
    {
        0 => "Math.Sin(" + argument + ")",
        1 => "Math.Cos(" + argument + ")",
        2 => "Math.Tanh(" + argument + ")",
        3 => "Math.Atan(" + argument + ")",
        4 => "Math.Exp(0.25 * Math.Sin(" + argument + "))",
        5 => "Math.Sqrt(1 + " + argument + " * " + argument + ")",
        _ => "Math.Pow(Math.Tanh(" + argument + "), 2)",
    };

    /// <summary>x at a random offset from i: cyclic through %, or plain within the middle rows.</summary>
    private string Neighbour()
    {
        if (!_cyclic)
        {
            int near = _random.Next(3) - 1;
            return near switch { 0 => "x[i]", > 0 => "x[i + 1]", _ => "x[i - 1]" };
        }
        int offset = _random.Next(7) - 3;
        return offset == 0 ? "x[i]" : "x[(i + D + " + offset.ToString(CultureInfo.InvariantCulture) + ") % D]";
    }

    private string Coefficient() => (0.5 + _random.NextDouble()).ToString("0.###", CultureInfo.InvariantCulture);
}
