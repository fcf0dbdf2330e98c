using System.Linq;
using Spectre.Console;

namespace DeepNetworkSample;

/// <summary>The console table of one comparison: per method the best start, the median and the fraction at the lowest level.</summary>
public static class ComparisonTable
{
    public static void Print(string title, Comparison c, System.Func<StartOutcome, double>? accuracy = null)
    {
        var table = new Table().Title(title);
        table.AddColumns("method", "starts at lowest", "best training loss", "held-out RMSE (best)", "median held-out RMSE");
        if (accuracy is not null) table.AddColumn("held-out accuracy (best)");
        table.AddColumn("wall time");
        foreach (string method in Comparison.Methods)
        {
            StartOutcome best = c.Best(method);
            var mine = c.Outcomes.Where(o => o.Method == method).ToList();
            var row = new System.Collections.Generic.List<string>
            {
                method,
                $"{mine.Count(o => o.TrainingLoss <= 1.05 * c.LowestLoss)}/{mine.Count}",
                $"{best.TrainingLoss:G4}",
                $"{best.HeldOutRmse:G4}",
                $"{ExperimentOutput.Median(mine.Select(o => o.HeldOutRmse)):G4}",
            };
            if (accuracy is not null) row.Add($"{accuracy(best):P1}");
            row.Add($"{c.Seconds[method]:F1} s");
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
    }
}
