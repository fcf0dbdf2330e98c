using System;
using DeepestLearning.Tests.Models;
using Xunit;
using Xunit.Abstractions;

namespace DeepestLearning.Tests.Networks;

/// <summary>A small twin experiment: data from a known network, refitted by annealing from random weights.</summary>
public class NetworkTwinTests(ITestOutputHelper output)
{
    [Fact]
    public void Annealing_fits_a_small_twin_network_to_the_noise_level()
    {
        const double sigma = 0.01;
        var random = new Random(21);
        double[] truth = new double[NetworkLayout<SigmoidNetwork>.WeightCount];
        for (int i = 0; i < truth.Length; i++) truth[i] = 2.0 * random.NextDouble() - 1.0;
        TrainingPairs Draw(int count, double noise)
        {
            var inputs = new double[count * 3];
            var targets = new double[count * 2];
            var states = new double[NetworkLayout<SigmoidNetwork>.StatesPerExample];
            for (int k = 0; k < count; k++)
            {
                for (int i = 0; i < 3; i++) inputs[k * 3 + i] = 2.0 * Gaussian(random);
                NetworkForward<SigmoidNetwork>.Run(truth, inputs.AsSpan(k * 3, 3), states);
                for (int i = 0; i < 2; i++) targets[k * 2 + i] = states[11 + i] + noise * Gaussian(random);
                for (int i = 0; i < 3; i++) inputs[k * 3 + i] += noise * Gaussian(random);
            }
            return new TrainingPairs(3, 2, inputs, targets);
        }
        TrainingPairs training = Draw(60, sigma), heldOut = Draw(200, 0.0);

        var options = new NetworkAnnealingOptions { Rf0 = 1.0, Alpha = 2.0, BetaMax = 34, Paths = 2, Threads = 2, InitialWeightRange = 1.0 };
        var result = NetworkAnnealing.Run<SigmoidNetwork>(training, 1 / (sigma * sigma), 1 / (sigma * sigma), options);
        double[] weights = result.Weights(result.BestPath);
        double trainingError = NetworkForward<SigmoidNetwork>.RootMeanSquareError(weights, training);
        double heldOutError = NetworkForward<SigmoidNetwork>.RootMeanSquareError(weights, heldOut);
        foreach (AnnealingLevel level in result.Levels) output.WriteLine($"β {level.Beta}: Rf {level.Rf:G3} A {level.Actions[0]:G4}/{level.Actions[1]:G4} meas {level.MeasurementTerms[0]:G4} model {level.ModelTerms[0]:G4} it {level.Iterations[0]} {level.Exits[0]}");
        AnnealingLevel last = result.Levels[^1];
        output.WriteLine($"best path {result.BestPath}: action {last.Actions[result.BestPath]:G4} (measurement {last.MeasurementTerms[result.BestPath]:G4}, model {last.ModelTerms[result.BestPath]:G4}); " +
            $"training RMSE {trainingError:G3}, held-out RMSE {heldOutError:G3} (σ = {sigma}); {result.Elapsed.TotalSeconds:F1} s");
        // χ² with (measurements − free variables) = 300 − (180 input states + 46 weights) = 74 degrees of
        // freedom: the measurement term's expectation is 37 when the fit is at the noise level.
        Assert.InRange(last.MeasurementTerms[result.BestPath], 37 / 2.0, 2 * 37);
        Assert.True(last.ModelTerms[result.BestPath] < 0.1 * last.MeasurementTerms[result.BestPath], "the model constraint is not enforced at β_max");
        Assert.InRange(trainingError, 0.5 * sigma, 1.5 * sigma);
        Assert.True(heldOutError < 1.5 * sigma, $"held-out RMSE {heldOutError:G3} is not near the noise level {sigma}");
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
