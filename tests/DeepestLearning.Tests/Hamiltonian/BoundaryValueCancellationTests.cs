using System;
using System.Diagnostics;
using System.Threading;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Hamiltonian;

/// <summary>
/// <see cref="BoundaryValueSolver{TModel}.Solve"/> honours its cancellation token between segment
/// integrations, so a cancel lands within one segment of one Newton iteration.
/// </summary>
public class BoundaryValueCancellationTests
{
    private static readonly BoundaryData Start = new(new[] { 0, 1 }, new[] { 1.0, -0.5 }, 10.0);
    private static readonly BoundaryData End = new(new[] { 0 }, new[] { 0.3 }, 25.0);

    private static BoundaryValueSolver<DampedOscillator> Solver(int segments, int steps, int maxIterations, double tolerance) =>
        new(new AssimilationHamiltonian<DampedOscillator>(2.0, new[] { 0.2 }), 2.0, segments, steps)
        {
            MaxIterations = maxIterations,
            Tolerance = tolerance,
        };

    [Fact]
    public void An_already_cancelled_token_stops_before_the_first_iteration()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var solver = Solver(4, 10, 30, 1e-11);
        Assert.Throws<OperationCanceledException>(() => solver.Solve(new double[16], Start, End, cancellationToken: source.Token));
    }

    [Fact]
    public void A_cancel_during_the_iterations_lands_within_a_segment()
    {
        // A negative tolerance is never met, so without the cancel this solve runs a million Newton
        // iterations (hours); the cancel after 100 ms must end it at the next segment.
        var solver = Solver(4, 2000, 1_000_000, -1.0);
        using var source = new CancelLater(TimeSpan.FromMilliseconds(100));
        Assert.Throws<OperationCanceledException>(() => solver.Solve(new double[16], Start, End, cancellationToken: source.Token));
        TimeSpan latency = source.SinceCancel;
        Assert.True(latency < TimeSpan.FromSeconds(10), $"the cancel took {latency.TotalSeconds:F1} s to land");
    }

    [Fact]
    public void An_uncancelled_token_changes_nothing()
    {
        using var source = new CancellationTokenSource();
        var withToken = Solver(4, 10, 30, 1e-11);
        var withoutToken = Solver(4, 10, 30, 1e-11);
        Assert.Equal(withoutToken.Solve(new double[16], Start, End), withToken.Solve(new double[16], Start, End, cancellationToken: source.Token));
        Assert.Equal(withoutToken.Node(0).ToArray(), withToken.Node(0).ToArray());
    }
}
