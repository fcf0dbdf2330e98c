using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DeepestLearning.Cli;
using Xunit;
using Xunit.Abstractions;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Host;

/// <summary>
/// The host with data as users have them: NaN (or NA, or an empty field) in a csv or .npy data file is a missing
/// value — read, annealed without it, counted out of χ², left empty in path.csv — and a run restarts from an
/// earlier run's path.csv with <c>--initial-path</c>. Bad initial paths are in <see cref="BadCommandLineTests"/>.
/// </summary>
public class MissingDataAndInitialPathTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = HostFixture.TemporaryFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void TextMarksMissingValuesWithNaNNaOrAnEmptyField()
    {
        string file = Path.Combine(_dir, "gaps.csv");
        File.WriteAllText(file, "time,x0,x1,x2\n0.0, 1, NaN, 2\n0.5, nan,, 3\n1.0,NA,4,5\n");
        List<double[]> rows = DataFile.Read(file, 3, 0.5, missingAsNaN: true);
        Assert.Equal(new[] { new[] { 1.0, double.NaN, 2 }, new[] { double.NaN, double.NaN, 3 }, new[] { double.NaN, 4, 5 } }, rows);

        // Where nothing may be missing (a stimulus), NaN stays an error; infinities and a missing time always are.
        Assert.Throws<FormatException>(() => DataFile.Read(file, 3, 0.5));
        File.WriteAllText(file, "0.0 1 Infinity\n");
        Assert.Contains("not a finite number", Assert.Throws<FormatException>(() => DataFile.Read(file, 2, missingAsNaN: true)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, "0.0 1 2\nNaN 3 4\n");
        Assert.Contains("time is missing", Assert.Throws<FormatException>(() => DataFile.Read(file, 2, 0.5, missingAsNaN: true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NpyMarksMissingValuesWithNaN()
    {
        string file = Path.Combine(_dir, "gaps.npy");
        var data = new byte[4 * 8];
        double[] values = { 1, double.NaN, 3, 4 };
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
        File.WriteAllBytes(file, DataFileTests.Npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", data));
        Assert.Equal(new[] { new[] { 1.0, double.NaN }, new[] { 3.0, 4 } }, DataFile.Read(file, 2, missingAsNaN: true));
        Assert.Throws<FormatException>(() => DataFile.Read(file, 2));
    }

    /// <summary>
    /// The fixture's twin data with gaps, written as csv (NaN, NA and empty fields) and as .npy (NaN): both runs finish,
    /// count χ² over the measured values only, leave the gaps empty in path.csv, and agree with each other exactly.
    /// </summary>
    [Fact]
    public void ARunOnDataWithGapsFromCsvAndNpy()
    {
        TwinSettings s = HostFixture.Small(_dir);
        double[] truth = TwinRunner.TruePath<DeepestLearning.SampleModels.Lorenz96D10>(s);
        var random = new Random(5);
        int rows = s.Steps + 1, columns = s.Observed.Length;
        var table = new double[rows * columns];
        int missing = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                bool gap = (r % 7 == 3 && c != 1) || (r is >= 20 and <= 24); // dropped samples and a five-row outage of every channel
                table[r * columns + c] = gap ? double.NaN : truth[r * 10 + s.Observed[c]] + 0.5 * TwinExperiment.Gaussian(random);
                if (gap) missing++;
            }
        string[] spellings = { "NaN", "NA", "" };
        string csv = Path.Combine(_dir, "gaps.csv");
        File.WriteAllLines(csv, new[] { "x0,x2,x4,x6,x8" }.Concat(Enumerable.Range(0, rows).Select(r =>
            string.Join(',', Enumerable.Range(0, columns).Select(c => double.IsNaN(table[r * columns + c]) ? spellings[(r + c) % 3] : Number(table[r * columns + c]))))));
        string npy = Path.Combine(_dir, "gaps.npy");
        var bytes = new byte[table.Length * 8];
        for (int i = 0; i < table.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), table[i]);
        File.WriteAllBytes(npy, DataFileTests.Npy(1, $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {columns}), }}", bytes));

        string fromCsv = Path.Combine(_dir, "csv"), fromNpy = Path.Combine(_dir, "npy");
        (int code, _, string error) = HostFixture.Run(new[] { "--data", csv }, fromCsv);
        Assert.True(code == 0, error);
        (code, _, error) = HostFixture.Run(new[] { "--data", npy }, fromNpy);
        Assert.True(code == 0, error);

        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(fromCsv, "summary.json")));
        JsonElement root = summary.RootElement;
        Assert.Equal(missing, root.GetProperty("missingValues").GetInt32());
        Assert.Equal((rows * columns - missing) / 2.0, root.GetProperty("expectedMeasurementTerm").GetDouble());
        output.WriteLine($"{missing} of {rows * columns} values missing; χ² expectation {root.GetProperty("expectedMeasurementTerm").GetDouble()}, measurement term {root.GetProperty("best").GetProperty("measurementTerm").GetDouble():G6}");

        // path.csv: the data columns are empty where nothing was measured (row 22: the outage) and hold the value elsewhere.
        string[] path = File.ReadAllLines(Path.Combine(fromCsv, "path.csv"));
        string[] outage = path[1 + 22].Split(','), measured = path[1 + 2].Split(',');
        int data = System.Array.FindIndex(path[0].Split(','), name => name.StartsWith("data_", StringComparison.Ordinal)); // σ columns may follow
        Assert.All(outage[data..(data + columns)], field => Assert.Equal("", field));
        Assert.Equal(Number(table[2 * columns]), measured[data]);

        // csv and npy are the same data: the same annealing, bit for bit.
        Assert.Equal(File.ReadAllBytes(Path.Combine(fromCsv, "levels.csv")), File.ReadAllBytes(Path.Combine(fromNpy, "levels.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(fromCsv, "path.csv")), File.ReadAllBytes(Path.Combine(fromNpy, "path.csv")));
    }

    /// <summary>
    /// An earlier run's path.csv restarts the run where it ended: with R_f0 at the R_f the earlier run finished at and one
    /// level, the start from the file (parameters from the summary.json beside it) ends at the earlier best action, while
    /// the second start, built as usual, does not.
    /// </summary>
    [Fact]
    public void ARunRestartsFromAnEarlierRunsPathCsv()
    {
        string first = Path.Combine(_dir, "first"), second = Path.Combine(_dir, "second");
        (int code, _, string error) = HostFixture.Run(new[] { "--stop", "beta-max", "--beta-max", "6" }, first);
        Assert.True(code == 0, error);
        using JsonDocument before = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "summary.json")));
        JsonElement last = before.RootElement.GetProperty("levels").EnumerateArray().Last();
        double rf = last.GetProperty("rf").GetDouble();
        double bestAction = before.RootElement.GetProperty("best").GetProperty("action").GetDouble();
        double forcing = before.RootElement.GetProperty("best").GetProperty("parameters")[0].GetDouble();

        string notes;
        (code, notes, error) = HostFixture.Run(new[] { "--initial-path", Path.Combine(first, "path.csv"), "--rf0", Number(rf), "--beta-max", "0" }, second);
        Assert.True(code == 0, error);
        Assert.Contains("from " + Path.Combine(first, "summary.json"), notes, StringComparison.Ordinal);

        string[] levels = File.ReadAllLines(Path.Combine(second, "levels.csv"));
        string[] fromFile = levels[1].Split(','), built = levels[2].Split(',');
        double restarted = double.Parse(fromFile[3], CultureInfo.InvariantCulture), other = double.Parse(built[3], CultureInfo.InvariantCulture);
        int iterations = int.Parse(fromFile[6], CultureInfo.InvariantCulture), builtIterations = int.Parse(built[6], CultureInfo.InvariantCulture);
        output.WriteLine($"earlier best action {bestAction:G10} (F = {forcing:G6}); restarted from its path.csv {restarted:G10} in {iterations} iterations; a built start {other:G10} in {builtIterations}");
        Assert.True(Math.Abs(restarted - bestAction) <= 1e-6 * bestAction, $"restarted at {restarted}, the earlier run ended at {bestAction}");
        Assert.True(iterations * 10 <= builtIterations, $"{iterations} iterations from the converged path, {builtIterations} from a built start");

        // A plain table of the states (one row per grid point) with the parameters on the command line is the same start
        // (start 0; start 1 is built, now from the given parameters).
        string table = Path.Combine(_dir, "table.txt");
        File.WriteAllLines(table, File.ReadAllLines(Path.Combine(first, "path.csv")).Skip(1).Take(41)
            .Select(line => string.Join(' ', line.Split(',').Skip(2).Take(10))));
        string third = Path.Combine(_dir, "third");
        (code, _, error) = HostFixture.Run(new[] { "--initial-path", table, "--initial-parameters", Number(forcing), "--rf0", Number(rf), "--beta-max", "0" }, third);
        Assert.True(code == 0, error);
        Assert.Equal(levels[1], File.ReadAllLines(Path.Combine(third, "levels.csv"))[1]);
    }

    /// <summary>
    /// A path.csv read by column name: columns in another order, more columns (uncertainties next to the estimate, whose
    /// names share its prefix), prediction rows after the window — only estimate_0 … estimate_9 of the window count.
    /// </summary>
    [Fact]
    public void APathCsvIsReadByColumnName()
    {
        string file = Path.Combine(_dir, "path.csv");
        var lines = new List<string> { "estimate_sd_0,phase," + string.Join(',', Enumerable.Range(0, 10).Reverse().Select(a => $"estimate_{a}")) + ",time,data_0" };
        for (int n = 0; n <= 45; n++)
            lines.Add($"0.5,{(n <= 40 ? "estimate" : "prediction")}," + string.Join(',', Enumerable.Range(0, 10).Reverse().Select(a => Number(a + 0.01 * n))) + $",{Number(n * 0.025)},");
        File.WriteAllLines(file, lines);
        (int code, string notes, string error) = HostFixture.Run(new[] { "--initial-path", file, "--initial-parameters", "8", "--beta-max", "0" }, Path.Combine(_dir, "out"));
        Assert.True(code == 0, error);
        Assert.DoesNotContain("outside the bounds", notes, StringComparison.Ordinal);

        // The same file with a time off this run's grid (an earlier run with another --dt) is refused.
        File.WriteAllLines(file, lines.Select((line, k) => k == 7 ? line.Replace(Number(6 * 0.025), "0.2", StringComparison.Ordinal) : line));
        (code, _, error) = HostFixture.Run(new[] { "--initial-path", file, "--initial-parameters", "8" }, Path.Combine(_dir, "out2"));
        Assert.Equal(2, code);
        Assert.Contains("--initial-path", error, StringComparison.Ordinal);
        Assert.Contains("grid time 6", error, StringComparison.Ordinal);
    }

    /// <summary>A path outside the box is moved onto it, and the note says how much of it was.</summary>
    [Fact]
    public void AnInitialPathOutsideTheBoundsIsProjectedWithANote()
    {
        string table = Path.Combine(_dir, "far.txt");
        File.WriteAllLines(table, Enumerable.Range(0, 41).Select(r => string.Join(' ', Enumerable.Range(0, 10).Select(a => r == 5 && a < 2 ? "17.5" : "1"))));
        (int code, string notes, string error) = HostFixture.Run(new[] { "--initial-path", table, "--initial-parameters", "25", "--beta-max", "0" }, Path.Combine(_dir, "out"));
        Assert.True(code == 0, error);
        Assert.Contains("3 values lie outside the bounds (by up to 5)", notes, StringComparison.Ordinal);
    }
}
