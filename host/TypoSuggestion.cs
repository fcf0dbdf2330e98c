using System;

namespace DeepestLearning.Cli;

/// <summary>The known option nearest to a mistyped one, by edit distance (insertions, deletions, substitutions, swaps).</summary>
internal static class TypoSuggestion
{
    /// <summary>The closest of <paramref name="known"/> to <paramref name="typed"/>, or null when none is close enough to be a typo.</summary>
    public static string? Closest(string typed, string[] known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        string normalized = "--" + typed.TrimStart('-');
        foreach (string name in known)
        {
            int distance = Distance(normalized, name);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = name;
            }
        }
        // A third of the name may be wrong (at least 2 edits): "--pahts" → "--paths", but "--x" suggests nothing.
        int allowed = Math.Max(2, (normalized.Length - 2) / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus adjacent transpositions.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
