using System;
using System.Globalization;

namespace DeepestLearning.Cli;

/// <summary>
/// The value of <c>--shard</c>: <c>K/N</c> runs part K (from 1) of N, <c>auto/N</c> takes K from the
/// scheduler that started the process — a Kubernetes Indexed Job's <c>JOB_COMPLETION_INDEX</c> (from 0),
/// or a Slurm array's <c>SLURM_ARRAY_TASK_ID</c> counted from <c>SLURM_ARRAY_TASK_MIN</c> — so one
/// command line serves every task of the array, whatever range the array was given.
/// </summary>
internal static class ShardArgument
{
    public const string Option = "shard";

    /// <summary>The shard <paramref name="text"/> names; <paramref name="environment"/> looks up a variable (null: not set).</summary>
    public static AnnealingShard Parse(string text, Func<string, string?> environment)
    {
        string[] parts = text.Split('/');
        if (parts.Length != 2 || !TryCount(parts[1], out int count) || count < 1)
            throw CommandLineException.Invalid(Option, text, "must be K/N (part K of N, from 1) or auto/N");
        int index = parts[0] == "auto" ? FromScheduler(text, environment)
            : TryCount(parts[0], out int k) ? k - 1
            : throw CommandLineException.Invalid(Option, text, "must be K/N (part K of N, from 1) or auto/N");
        if (index < 0 || index >= count)
            throw CommandLineException.Invalid(Option, text, $"names part {index + 1}; the parts run from 1 to {count}");
        return new AnnealingShard(index, count);
    }

    /// <summary>The shard index (from 0) the scheduler gave this process.</summary>
    private static int FromScheduler(string text, Func<string, string?> environment)
    {
        if (environment("JOB_COMPLETION_INDEX") is { } completion)
            return TryCount(completion, out int index) ? index
                : throw CommandLineException.Invalid(Option, text, $"reads JOB_COMPLETION_INDEX '{completion}', which is not a number");
        if (environment("SLURM_ARRAY_TASK_ID") is { } task)
        {
            // An array declared --array=1-8 and one declared --array=0-7 both number their first task as part 1.
            string first = environment("SLURM_ARRAY_TASK_MIN") ?? "0";
            return TryCount(task, out int id) && TryCount(first, out int min) ? id - min
                : throw CommandLineException.Invalid(Option, text, $"reads SLURM_ARRAY_TASK_ID '{task}' and SLURM_ARRAY_TASK_MIN '{first}', which are not numbers");
        }
        throw CommandLineException.Invalid(Option, text, "needs JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array); neither is set, so give K/N");
    }

    private static bool TryCount(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
