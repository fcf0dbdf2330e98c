using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>
/// Every bad command line ends before any work with exit code 2 and exactly one line on standard
/// error that names the option at fault (issue 14, item 3). Each row: the arguments and the option
/// the line must name; "{dir}" is a fresh folder holding the data files below.
/// </summary>
public class BadCommandLineTests
{
    public static IEnumerable<object[]> Cases() => new (string Args, string Option)[]
    {
        ("--pahts 3", "--pahts"),
        ("--paths 0", "--paths"),
        ("--paths -1", "--paths"),
        ("--paths x", "--paths"),
        ("--paths 2.5", "--paths"),
        ("--paths 2 --paths 3", "--paths"),
        ("--paths", "--paths"),
        ("--paths 100001", "--paths"),
        ("--steps 0", "--steps"),
        ("--steps -10", "--steps"),
        ("--steps 1000000000", "--steps"),
        ("--steps abc", "--steps"),
        ("--dt 0", "--dt"),
        ("--dt -0.1", "--dt"),
        ("--dt NaN", "--dt"),
        ("--dt Infinity", "--dt"),
        ("--dt 1e308", "--dt"),
        ("--dt 5", "--dt"),
        ("--noise 0", "--noise"),
        ("--noise -1", "--noise"),
        ("--noise 1e400", "--noise"),
        ("--observed -1,2", "--observed"),
        ("--observed 10", "--observed"),
        ("--observed ,", "--observed"),
        ("--observed 1,1", "--observed"),
        ("--observed a", "--observed"),
        ("--data-every 0", "--data-every"),
        ("--data-every 100", "--data-every"),
        ("--alpha 1", "--alpha"),
        ("--alpha 0.5", "--alpha"),
        ("--alpha 1e300", "--alpha"),
        ("--alpha 10 --beta-max 320", "--beta-max"),
        ("--beta-max -1", "--beta-max"),
        ("--beta-max 2147483647", "--beta-max"),
        ("--beta-max x", "--beta-max"),
        ("--rf0 0", "--rf0"),
        ("--rf0 -1", "--rf0"),
        ("--rf0 abc", "--rf0"),
        ("--rf0 auto --rf0-unobserved 1", "--rf0-unobserved"),
        ("--rf0 1 --rf0-unobserved -3", "--rf0-unobserved"),
        ("--threads 0", "--threads"),
        ("--predict -1", "--predict"),
        ("--predict x", "--predict"),
        ("--predict 2000000000", "--predict"),
        ("--discretization foo", "--discretization"),
        ("--starts foo", "--starts"),
        ("--stop foo", "--stop"),
        ("--minimizer foo", "--minimizer"),
        ("--optimizer foo", "--minimizer"), // the earlier name of the option is an alias
        ("--seed 1.5", "--seed"),
        ("--stimulus s.txt", "--stimulus"),
        ("--data {dir}/missing.txt", "--data"),
        ("--data {dir}/five-rows.txt", "--data"),
        ("--data {dir}/wrong-columns.txt", "--data"),
        ("--data {dir}/not-a-number.txt", "--data"),
        ("--data {dir}/header-only.txt", "--data"),
        ("--data {dir}/off-grid-times.txt", "--data"),
        ("--data {dir}/bad.npy", "--data"),
        ("--out {dir}/five-rows.txt", "--out"),
        ("--out {dir}/five-rows.txt/below", "--out"),
        ("--data={dir}/five-rows.txt", "--data"),
        ("--data {dir}/infinite.txt", "--data"),
        ("--data {dir}/missing-time.txt", "--data"),
        ("--data {dir}/all-missing.txt", "--data"),
        ("--initial-path {dir}/short-path.csv --initial-parameters 8", "--initial-path"),
        ("--initial-path {dir}/nan-path.csv --initial-parameters 8", "--initial-path"),
        ("--initial-path {dir}/nan-table.txt --initial-parameters 8", "--initial-path"),
        ("--initial-path {dir}/other-model-path.csv --initial-parameters 8", "--initial-path"),
        ("--initial-path {dir}/table.txt", "--initial-path"),
        ("--initial-path {dir}/absent.csv --initial-parameters 8", "--initial-path"),
        ("--initial-path {dir}/table.txt,{dir}/table.txt,{dir}/table.txt --initial-parameters 8", "--initial-path"),
        ("--initial-path {dir}/table.txt --initial-parameters 8,1", "--initial-parameters"),
        ("--initial-parameters NaN", "--initial-parameters"),
    }.Select(c => new object[] { c.Args, c.Option });

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInputGivesExitCodeTwoAndOneLineNamingTheOption(string args, string option)
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            WriteDataFiles(dir);
            string outDir = Path.Combine(dir, "out");
            string[] argv = args.Replace("{dir}", dir, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            (int code, _, string error) = HostFixture.Run(argv, outDir);
            string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, code);
            Assert.Single(lines);
            Assert.Contains(option, lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(outDir, "summary.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheTableHasAtLeastFortyCommandLines() => Assert.True(Cases().Count() >= 40);

    [Fact]
    public void AMistypedOptionGetsASuggestion()
    {
        string dir = HostFixture.TemporaryFolder();
        try
        {
            (int code, _, string error) = HostFixture.Run(new[] { "--obsreved", "1" }, dir);
            Assert.Equal(2, code);
            Assert.Contains("did you mean --observed?", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WriteDataFiles(string dir)
    {
        // The fixture's window: 40 steps, every step measured, 5 observed components → 41 rows of 5.
        string Row(int r) => string.Join(' ', Enumerable.Range(0, 5).Select(c => (r + c).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllLines(Path.Combine(dir, "five-rows.txt"), Enumerable.Range(0, 5).Select(Row));
        File.WriteAllLines(Path.Combine(dir, "wrong-columns.txt"), Enumerable.Range(0, 41).Select(r => "1 2 3"));
        File.WriteAllLines(Path.Combine(dir, "not-a-number.txt"), Enumerable.Range(0, 41).Select(r => r == 7 ? "1 2 x 4 5" : Row(r)));
        // NaN marks a missing measurement; an infinite one, a missing time and a table with nothing measured are errors.
        File.WriteAllLines(Path.Combine(dir, "infinite.txt"), Enumerable.Range(0, 41).Select(r => r == 7 ? "1 2 Infinity 4 5" : Row(r)));
        File.WriteAllLines(Path.Combine(dir, "missing-time.txt"), Enumerable.Range(0, 41).Select(r => $"{(r == 9 ? "NaN" : (r * 0.025).ToString("R", System.Globalization.CultureInfo.InvariantCulture))} {Row(r)}"));
        File.WriteAllLines(Path.Combine(dir, "all-missing.txt"), Enumerable.Range(0, 41).Select(r => "NaN NaN NaN NaN NaN"));
        // Initial paths for the fixture's 10 states and 41 grid points.
        string States(int r, string? nan = null) => string.Join(',', Enumerable.Range(0, 10).Select(a => a == 4 && nan is not null ? nan : (0.1 * (r + a)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        string header = "time,phase," + string.Join(',', Enumerable.Range(0, 10).Select(a => $"estimate_{a}"));
        File.WriteAllLines(Path.Combine(dir, "short-path.csv"), new[] { header }.Concat(Enumerable.Range(0, 30).Select(r => $"{r * 0.025},estimate,{States(r)}")));
        File.WriteAllLines(Path.Combine(dir, "nan-path.csv"), new[] { header }.Concat(Enumerable.Range(0, 41).Select(r => $"{r * 0.025},estimate,{States(r, r == 12 ? "NaN" : null)}")));
        File.WriteAllLines(Path.Combine(dir, "other-model-path.csv"), new[] { "time,phase,estimate_0,estimate_1" }.Concat(Enumerable.Range(0, 41).Select(r => $"{r * 0.025},estimate,1,2")));
        File.WriteAllLines(Path.Combine(dir, "nan-table.txt"), Enumerable.Range(0, 41).Select(r => States(r, r == 3 ? "NaN" : null)));
        File.WriteAllLines(Path.Combine(dir, "table.txt"), Enumerable.Range(0, 41).Select(r => States(r)));
        File.WriteAllLines(Path.Combine(dir, "header-only.txt"), new[] { "x0 x2 x4 x6 x8" });
        File.WriteAllLines(Path.Combine(dir, "off-grid-times.txt"), Enumerable.Range(0, 41).Select(r => $"{r * 0.03} {Row(r)}"));
        File.WriteAllBytes(Path.Combine(dir, "bad.npy"), new byte[] { 1, 2, 3, 4 });
    }
}
