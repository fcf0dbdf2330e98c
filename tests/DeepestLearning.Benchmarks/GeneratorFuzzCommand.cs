using System;
using System.Globalization;
using System.Linq;
using DeepestLearning.Fuzzing;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// The long mode of the generator fuzz: "fuzz [bodies] [seed]" runs GeneratorFuzz (20 000 bodies,
/// seed 1 by default; the test suite runs 2 000 with its own seed), prints progress and the first
/// failures with their sources, and exits with 1 if any body failed.
/// </summary>
public static class GeneratorFuzzCommand
{
    public static int Run(string[] args)
    {
        int bodies = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        int seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        int reported = 0;
        FuzzReport report = GeneratorFuzz.Run(seed, bodies, progress: line =>
        {
            // About every thousand bodies: enough to see it move without flooding the console.
            int done = int.Parse(line.AsSpan(0, line.IndexOf('/')), CultureInfo.InvariantCulture);
            if (done / 1000 > reported / 1000 || done == bodies) Console.WriteLine(line);
            reported = done;
        });
        Console.WriteLine($"seed {seed}: {report}");
        foreach (string failure in report.Failures.Take(10)) Console.WriteLine("\n" + failure);
        return report.Failures.Count == 0 ? 0 : 1;
    }
}
