using System;
using System.Diagnostics;
using System.Threading;
using DeepestLearning.Tests.Models;
using Xunit;

namespace DeepestLearning.Tests.Uncertainty;

/// <summary>
/// <see cref="FisherInformation.Compute"/> honours its cancellation token inside the propagation,
/// not only before it starts: a run that would take minutes stops soon after the cancel.
/// </summary>
public class FisherInformationCancellationTests
{
    /// <summary>The damped oscillator over <paramref name="steps"/> steps, observed once at t = 0 (so the problem itself stays small).</summary>
    private static AssimilationProblem<DampedOscillator> Problem(int steps) =>
        new(steps, 1e-3, Discretization.Trapezoid, new Observations(new[] { 0 }, new[] { 0 }, new[] { 1.0 }), new[] { 1.0 },
            new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 }, new[] { 0.0 }, new[] { 1.0 });

    [Fact]
    public void An_already_cancelled_token_stops_before_the_first_step()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.Throws<OperationCanceledException>(() => FisherInformation.Compute(Problem(10), new[] { 1.0, 0.0 }, new[] { 0.2 }, source.Token));
    }

    [Fact]
    public void A_cancel_during_the_propagation_lands_within_a_step()
    {
        // 2·10⁸ RK4 steps with their sensitivities take minutes; a cancel after 100 ms must end the
        // run at the next step, far sooner.
        AssimilationProblem<DampedOscillator> problem = Problem(200_000_000);
        using var source = new CancelLater(TimeSpan.FromMilliseconds(100));
        Assert.Throws<OperationCanceledException>(() => FisherInformation.Compute(problem, new[] { 1.0, 0.0 }, new[] { 0.2 }, source.Token));
        TimeSpan latency = source.SinceCancel;
        Assert.True(latency < TimeSpan.FromSeconds(10), $"the cancel took {latency.TotalSeconds:F1} s to land");
    }

    [Fact]
    public void An_uncancelled_token_changes_nothing()
    {
        AssimilationProblem<DampedOscillator> problem = Problem(50);
        using var source = new CancellationTokenSource();
        FisherInformation with = FisherInformation.Compute(problem, new[] { 1.0, 0.0 }, new[] { 0.2 }, source.Token);
        FisherInformation without = FisherInformation.Compute(problem, new[] { 1.0, 0.0 }, new[] { 0.2 });
        Assert.Equal(without.Matrix, with.Matrix);
    }
}
