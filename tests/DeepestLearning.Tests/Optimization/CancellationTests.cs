using System;
using System.Threading;
using Xunit;

namespace DeepestLearning.Tests.Optimization;

/// <summary>A cancelled token ends every minimizer within one iteration, not at its budget.</summary>
public class CancellationTests
{
    [Theory]
    [InlineData(MinimizerKind.LbfgsB)]
    [InlineData(MinimizerKind.Newton)]
    [InlineData(MinimizerKind.Ipopt)]
    public void A_cancelled_token_stops_the_minimizer_within_one_iteration(MinimizerKind kind)
    {
        const int n = 100;
        using var source = new CancellationTokenSource();
        var objective = new CancellingObjective(new Rosenbrock(n), source, cancelAfter: 5);
        IBoundedMinimizer minimizer = kind.DefaultOptions().Create(objective);
        var x = new double[n];
        Array.Fill(x, -1.2);
        var lower = new double[n];
        var upper = new double[n];
        Array.Fill(lower, double.NegativeInfinity);
        Array.Fill(upper, double.PositiveInfinity);

        Assert.ThrowsAny<OperationCanceledException>(() => minimizer.Minimize(x, lower, upper, source.Token));
        // One iteration may finish its line search or trust-region trials after the request, nothing more.
        Assert.InRange(objective.EvaluationsAfterCancel, 0, 25);
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
    }

    /// <summary>Forwards to an objective and cancels the token at its k-th evaluation, counting the evaluations after that.</summary>
    private sealed class CancellingObjective(ISecondOrderObjective inner, CancellationTokenSource source, int cancelAfter) : ISecondOrderObjective
    {
        private int _evaluations;

        public int EvaluationsAfterCancel => Math.Max(0, _evaluations - cancelAfter);
        public int Dimension => inner.Dimension;
        public SparsityPattern HessianPattern => inner.HessianPattern;
        public int BorderCount => inner.BorderCount;
        public int[] EliminationOrder() => inner.EliminationOrder();
        public void Hessian(ReadOnlySpan<double> x, Span<double> values) => inner.Hessian(x, values);

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            if (++_evaluations == cancelAfter) source.Cancel();
            return inner.Evaluate(x, gradient);
        }
    }
}
