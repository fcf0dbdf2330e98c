using System.Collections.Generic;

namespace DeepestLearning.Generator.Emit;

/// <summary>
/// A compact code for the integer arrays of a looped model's sparsity patterns, so they do not grow with
/// the number of rows: a stencil's CSR arrays are periodic with a drift (Lorenz96's column indices are
/// i − 2, i − 1, i, i + 1, D for every row i: period 5, increments 1, 1, 1, 1, 0). The code is a list of
/// segments [count, period, v₀ … v_{period−1}, d₀ … d_{period−1}] meaning value k of the segment is
/// v_{k mod period} + ⌊k / period⌋ · d_{k mod period}; period 0 is [count, 0, the count values]. The
/// emitted file decodes it with <see cref="DecoderLines"/> when its type is initialized.
/// </summary>
internal static class PeriodicIntCode
{
    private const int MaxPeriod = 12;

    public const string DecoderName = "__dlExpand";

    public static int[] Encode(int[] values)
    {
        var code = new List<int>();
        var literal = new List<int>();
        int at = 0;
        while (at < values.Length)
        {
            (int period, int count) = BestSegment(values, at);
            // A segment costs 2 + 2·period integers; shorter stretches stay literal values.
            if (count < 2 * period + 4)
            {
                literal.Add(values[at++]);
                continue;
            }
            Flush(code, literal);
            code.Add(count);
            code.Add(period);
            for (int m = 0; m < period; m++) code.Add(values[at + m]);
            for (int m = 0; m < period; m++) code.Add(values[at + period + m] - values[at + m]);
            at += count;
        }
        Flush(code, literal);
        return code.ToArray();
    }

    /// <summary>The period (1 … MaxPeriod) that continues furthest from <paramref name="at"/>, and how far.</summary>
    private static (int Period, int Count) BestSegment(int[] values, int at)
    {
        int bestPeriod = 1, bestCount = 1;
        for (int period = 1; period <= MaxPeriod && at + 2 * period <= values.Length; period++)
        {
            int count = 2 * period;
            while (at + count < values.Length)
            {
                int m = count % period, k = count / period;
                long predicted = values[at + m] + (long)k * (values[at + period + m] - values[at + m]);
                if (predicted != values[at + count]) break;
                count++;
            }
            if (count > bestCount + period - bestPeriod) (bestPeriod, bestCount) = (period, count);
        }
        return (bestPeriod, bestCount);
    }

    private static void Flush(List<int> code, List<int> literal)
    {
        if (literal.Count == 0) return;
        code.Add(literal.Count);
        code.Add(0);
        code.AddRange(literal);
        literal.Clear();
    }

    /// <summary>The decoder method the generated file carries (one per file).</summary>
    public static IEnumerable<string> DecoderLines() => new[]
    {
        "/// <summary>Expands the periodic code of a pattern array (see the generator's PeriodicIntCode).</summary>",
        "private static int[] " + DecoderName + "(int length, int[] code)",
        "{",
        "    var values = new int[length];",
        "    int at = 0;",
        "    for (int c = 0; at < length; )",
        "    {",
        "        int count = code[c], period = code[c + 1];",
        "        for (int k = 0; k < count; k++)",
        "            values[at + k] = period == 0 ? code[c + 2 + k] : code[c + 2 + k % period] + k / period * code[c + 2 + period + k % period];",
        "        at += count;",
        "        c += 2 + (period == 0 ? count : 2 * period);",
        "    }",
        "    return values;",
        "}",
    };
}
