using System;
using DeepestLearning;
using DeepestLearning.SampleModels;

namespace DeepNetworkSample;

/// <summary>The experiments' data, generated in code from a seed (no downloads).</summary>
public static class DataSets
{
    /// <summary>
    /// Pairs from a teacher network: standardized Gaussian inputs, the teacher's forward pass, then
    /// Gaussian noise σ on inputs and outputs (σ = 0 for a clean held-out set).
    /// </summary>
    public static TrainingPairs FromTeacher<TTeacher>(double[] teacherWeights, int count, double sigma, Random random) where TTeacher : ILayeredNetwork<TTeacher>
    {
        int nIn = TTeacher.InputWidth, nOut = TTeacher.OutputWidth;
        var inputs = new double[count * nIn];
        var targets = new double[count * nOut];
        var states = new double[NetworkLayout<TTeacher>.StatesPerExample];
        int outputOffset = NetworkLayout<TTeacher>.StateOffset(TTeacher.LayerCount);
        for (int k = 0; k < count; k++)
        {
            for (int i = 0; i < nIn; i++) inputs[k * nIn + i] = TwinExperiment.Gaussian(random);
            NetworkForward<TTeacher>.Run(teacherWeights, inputs.AsSpan(k * nIn, nIn), states);
            for (int i = 0; i < nOut; i++) targets[k * nOut + i] = states[outputOffset + i] + sigma * TwinExperiment.Gaussian(random);
            for (int i = 0; i < nIn; i++) inputs[k * nIn + i] += sigma * TwinExperiment.Gaussian(random);
        }
        return new TrainingPairs(nIn, nOut, inputs, targets);
    }

    /// <summary>
    /// The time-T flow of dx/dt = tanh(A x + b) (width 4), by RK4 with 2000 steps: the continuous-depth
    /// target the residual networks of the depth experiment approximate with L layers.
    /// </summary>
    public static TrainingPairs ContinuousFlow(double[] a, double[] b, int count, double sigma, Random random)
    {
        const int n = ResidualFlow.Width;
        var inputs = new double[count * n];
        var targets = new double[count * n];
        for (int k = 0; k < count; k++)
        {
            var x = new double[n];
            for (int i = 0; i < n; i++) x[i] = TwinExperiment.Gaussian(random);
            x.CopyTo(inputs, k * n);
            Flow(a, b, x, ResidualFlow.Horizon, 2000);
            for (int i = 0; i < n; i++) targets[k * n + i] = x[i] + sigma * TwinExperiment.Gaussian(random);
            for (int i = 0; i < n; i++) inputs[k * n + i] += sigma * TwinExperiment.Gaussian(random);
        }
        return new TrainingPairs(n, n, inputs, targets);
    }

    private static void Flow(double[] a, double[] b, double[] x, double horizon, int steps)
    {
        int n = x.Length;
        double h = horizon / steps;
        var k1 = new double[n];
        var k2 = new double[n];
        var k3 = new double[n];
        var k4 = new double[n];
        var y = new double[n];
        void F(double[] at, double[] into)
        {
            for (int i = 0; i < n; i++)
            {
                double s = b[i];
                for (int j = 0; j < n; j++) s += a[i * n + j] * at[j];
                into[i] = Math.Tanh(s);
            }
        }
        for (int step = 0; step < steps; step++)
        {
            F(x, k1);
            for (int i = 0; i < n; i++) y[i] = x[i] + 0.5 * h * k1[i];
            F(y, k2);
            for (int i = 0; i < n; i++) y[i] = x[i] + 0.5 * h * k2[i];
            F(y, k3);
            for (int i = 0; i < n; i++) y[i] = x[i] + h * k3[i];
            F(y, k4);
            for (int i = 0; i < n; i++) x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
    }

    /// <summary>
    /// Two interleaved spirals (1.5 turns each, radial noise σ), padded to the network width with zeros;
    /// the target is +1 for one spiral and −1 for the other, on output component 0 only.
    /// </summary>
    public static TrainingPairs TwoSpirals(int count, double noise, int width, Random random)
    {
        var inputs = new double[count * width];
        var targets = new double[count * width];
        for (int k = 0; k < count; k++)
        {
            int label = k % 2;
            double t = random.NextDouble();
            double angle = 1.5 * 2 * Math.PI * t + label * Math.PI;
            double radius = 0.15 + 0.85 * t + noise * TwinExperiment.Gaussian(random);
            inputs[k * width] = radius * Math.Cos(angle);
            inputs[k * width + 1] = radius * Math.Sin(angle);
            targets[k * width] = label == 0 ? 1.0 : -1.0;
        }
        return new TrainingPairs(width, width, inputs, targets, measuredOutputs: new[] { 0 });
    }

    /// <summary>Fraction of pairs whose output component 0 has the sign of the target.</summary>
    public static double Accuracy<TNet>(double[] weights, TrainingPairs pairs) where TNet : ILayeredNetwork<TNet>
    {
        var output = new double[TNet.OutputWidth];
        var scratch = new double[NetworkLayout<TNet>.StatesPerExample];
        int correct = 0;
        for (int k = 0; k < pairs.Count; k++)
        {
            NetworkForward<TNet>.Predict(weights, pairs.Input(k), output, scratch);
            if (Math.Sign(output[0]) == Math.Sign(pairs.Target(k)[0])) correct++;
        }
        return correct / (double)pairs.Count;
    }
}
