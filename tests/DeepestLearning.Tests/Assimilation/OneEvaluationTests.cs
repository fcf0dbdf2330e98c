using System;
using System.Linq;
using DeepestLearning.Tests.Annealing;
using DeepestLearning.Tests.Models;
using Xunit;
using DeepestLearning.SampleModels;

namespace DeepestLearning.Tests.Assimilation;

/// <summary>
/// Annealing records a level's action and its two terms from the minimizer's last evaluation when that was at the
/// returned point (<see cref="MinimizerResult.AtLastEvaluation"/>) instead of evaluating the action again. That is
/// exact only if an evaluation with the gradient gives bit for bit the value and terms of one without it, for every
/// discretization — checked here — and if the flag is true only when it holds, checked on the minimizers.
/// </summary>
public class OneEvaluationTests
{
    [Theory]
    [InlineData(Discretization.ForwardEuler)]
    [InlineData(Discretization.Trapezoid)]
    [InlineData(Discretization.HermiteSimpson)]
    [InlineData(Discretization.RungeKutta4)]
    public void TheValueAndTermsWithAndWithoutTheGradientAreBitIdentical(Discretization discretization)
    {
        AssimilationProblem<NaKLNeuron> neuron = TwinProblems.Neuron();
        var problem = new AssimilationProblem<NaKLNeuron>(600, neuron.Dt, discretization,
            new Observations(neuron.Observations.Components, neuron.Observations.Times[..601], neuron.Observations.Values[..601]), neuron.MeasurementPrecision,
            neuron.StateLower, neuron.StateUpper, neuron.ParameterLower, neuron.ParameterUpper, stimulus: neuron.Stimulus[..601]);
        var random = new Random(7);
        var lower = new double[problem.VariableCount];
        var upper = new double[problem.VariableCount];
        problem.PackedBounds(lower, upper);
        double[] x = lower.Select((l, i) => l + random.NextDouble() * (upper[i] - l)).ToArray();
        var action = new ActionFunction<NaKLNeuron>(problem);
        action.SetModelPrecision(new[] { 1e-2, 1e4, 1e4, 1e4 });

        double withGradient = action.Evaluate(x, new double[x.Length]);
        (double measurement, double model) = (action.LastMeasurementTerm, action.LastModelTerm);
        double alone = action.Value(x);
        Assert.Equal(BitConverter.DoubleToInt64Bits(alone), BitConverter.DoubleToInt64Bits(withGradient));
        Assert.Equal(BitConverter.DoubleToInt64Bits(action.LastMeasurementTerm), BitConverter.DoubleToInt64Bits(measurement));
        Assert.Equal(BitConverter.DoubleToInt64Bits(action.LastModelTerm), BitConverter.DoubleToInt64Bits(model));
    }

    /// <summary>
    /// Whenever a minimizer says its last evaluation was at the returned point, the objective's last evaluated point is that
    /// point. Evaluation budgets from 2 to 15 end runs everywhere: after accepted steps, on rejected trials and in line searches.
    /// </summary>
    [Theory]
    [InlineData(MinimizerKind.LbfgsB)]
    [InlineData(MinimizerKind.Newton)]
    public void TheFlagIsTrueOnlyWhenTheLastEvaluationWasAtTheResult(MinimizerKind kind)
    {
        AssimilationProblem<Lorenz96D10> problem = TwinProblems.Lorenz96(new[] { 0, 2, 4, 6, 8 });
        var action = new RecordingAction<Lorenz96D10>(problem);
        var lower = new double[problem.VariableCount];
        var upper = new double[problem.VariableCount];
        problem.PackedBounds(lower, upper);
        int flagged = 0, unflagged = 0;
        for (int budget = 2; budget <= 15; budget++)
            for (int seed = 0; seed < 3; seed++)
            {
                MinimizerOptions options = kind == MinimizerKind.LbfgsB
                    ? new LbfgsBOptions { MaxEvaluations = budget }
                    : new TrustRegionNewtonOptions { MaxEvaluations = budget, InitialRadius = 10 }; // a large first radius: rejected trials
                var random = new Random(seed);
                double[] x = lower.Select((l, i) => Math.Max(l, -5) + random.NextDouble() * (Math.Min(upper[i], 5) - Math.Max(l, -5))).ToArray();
                MinimizerResult result = options.Create(action).Minimize(x, lower, upper);
                if (!result.AtLastEvaluation)
                {
                    unflagged++;
                    continue;
                }
                flagged++;
                Assert.Equal(x, action.LastPoint);
                Assert.Equal(result.Value, action.LastValue);
            }
        Assert.True(flagged > 0 && unflagged > 0, $"{flagged} runs ended at their last evaluation, {unflagged} elsewhere: both kinds are needed");
    }

    /// <summary>An action that remembers the point and value of its last evaluation.</summary>
    private sealed class RecordingAction<TModel>(AssimilationProblem<TModel> problem) : ISecondOrderObjective where TModel : IDynamicalModel<TModel>
    {
        private readonly ActionFunction<TModel> _inner = new(problem);

        public double[] LastPoint { get; private set; } = Array.Empty<double>();
        public double LastValue { get; private set; }
        public int Dimension => _inner.Dimension;
        public SparsityPattern HessianPattern => _inner.HessianPattern;
        public int BorderCount => _inner.BorderCount;
        public int[] EliminationOrder() => _inner.EliminationOrder();
        public void Hessian(ReadOnlySpan<double> x, Span<double> values) => _inner.Hessian(x, values);

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            LastPoint = x.ToArray();
            return LastValue = _inner.Evaluate(x, gradient);
        }
    }
}
