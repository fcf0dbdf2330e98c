using System.Linq;
using DeepestLearning.Generator.Symbolic;
using static DeepestLearning.Generator.Emit.GlobalNames;

namespace DeepestLearning.Generator.Emit;

/// <summary>Integer data in emitted code: sparsity patterns and position tables, shared by the model and network emitters.</summary>
internal static class IntArrays
{
    /// <summary>A static readonly SparsityPattern field holding the structure of <paramref name="matrix"/>.</summary>
    public static void WritePatternField(IndentedWriter w, string field, SparseExpressionMatrix matrix)
    {
        w.Line("private static readonly " + Pattern + " " + field + " = new " + Pattern + "(");
        w.Line("    " + NumberFormatter.Integer(matrix.Rows) + ", " + NumberFormatter.Integer(matrix.Columns) + ",");
        WriteIntArray(w, matrix.RowStart(), ",");
        WriteIntArray(w, matrix.Entries.Select(e => e.Column).ToArray(), ");");
        w.Line();
    }

    /// <summary>An int[] initializer, 24 values a line, followed by <paramref name="suffix"/>.</summary>
    public static void WriteIntArray(IndentedWriter w, int[] values, string suffix)
    {
        if (values.Length == 0)
        {
            w.Line("    global::System.Array.Empty<int>()" + suffix);
            return;
        }
        w.Line("    new int[]");
        w.Line("    {");
        for (int start = 0; start < values.Length; start += 24)
            w.Line("        " + string.Join(", ", values.Skip(start).Take(24).Select(NumberFormatter.Integer)) + ",");
        w.Line("    }" + suffix);
    }
}
