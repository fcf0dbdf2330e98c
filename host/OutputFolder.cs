namespace DeepestLearning.Cli;

/// <summary>Checks for a program's output folder, before its work starts.</summary>
public static class OutputFolder
{
    /// <summary>
    /// Creates <paramref name="folder"/> if needed and proves it writable; otherwise throws a
    /// <see cref="CommandLineException"/> naming <c>--<paramref name="option"/></c>, so a bad folder is
    /// reported at once rather than after the run.
    /// </summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="option">The option that gave it, without the leading dashes.</param>
    public static void RequireWritable(string folder, string option) => RunOutcome.CheckWritable(folder, option);
}
