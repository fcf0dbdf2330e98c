using System.Linq;
using DeepestLearning.Generator.Symbolic;
using static DeepestLearning.Generator.Emit.GlobalNames;

namespace DeepestLearning.Generator.Emit;

/// <summary>Integer data in emitted code: sparsity patterns and position tables, shared by the model and network emitters.</summary>
internal static class IntArrays
{
    /// <summary>
    /// A static readonly SparsityPattern field holding the structure of <paramref name="matrix"/>; when
    /// <paramref name="compressed"/>, its arrays in <see cref="PeriodicIntCode"/> (the file must carry the decoder).
    /// </summary>
    public static void WritePatternField(IndentedWriter w, string field, SparseExpressionMatrix matrix, bool compressed = false)
    {
        w.Line("private static readonly " + Pattern + " " + field + " = new " + Pattern + "(");
        w.Line("    " + NumberFormatter.Integer(matrix.Rows) + ", " + NumberFormatter.Integer(matrix.Columns) + ",");
        WriteArray(w, matrix.RowStart(), ",", compressed);
        WriteArray(w, matrix.Entries.Select(e => e.Column).ToArray(), ");", compressed);
        w.Line();
    }

    private static void WriteArray(IndentedWriter w, int[] values, string suffix, bool compressed)
    {
        if (!compressed)
        {
            WriteIntArray(w, values, suffix);
            return;
        }
        w.Line("    " + PeriodicIntCode.DecoderName + "(" + NumberFormatter.Integer(values.Length) + ",");
        WriteIntArray(w, PeriodicIntCode.Encode(values), ")" + suffix);
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
