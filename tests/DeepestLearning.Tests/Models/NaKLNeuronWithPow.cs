using System;
using DeepestLearning;

namespace DeepestLearning.Tests.Models;

/// <summary>
/// The samples' NaKL neuron (DeepestLearning.SampleModels.NaKLNeuron) written another way — Math.Pow, named parameter
/// locals and a class constant — to check that both declarations generate the same model. V, m, h, n; 19 parameters; an injected current u[0].
/// Gates: z∞(V) = ½[1 + tanh((V − Vz)·dVz)], τz(V) = tz1 + tz2·(1 − tanh²((V − Vz)·dVz)).
/// </summary>
[DynamicalModel(States = 4, Parameters = 19, Stimuli = 1)]
public partial class NaKLNeuronWithPow
{
    private const double Capacitance = 1.0;

    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt)
    {
        double v = x[0], m = x[1], h = x[2], n = x[3];
        double gNa = p[0], eNa = p[1], gK = p[2], eK = p[3], gL = p[4], eL = p[5], currentScale = p[6];

        double iNa = gNa * Math.Pow(m, 3) * h * (eNa - v);
        double iK = gK * Math.Pow(n, 4) * (eK - v);
        double iL = gL * (eL - v);
        dxdt[0] = (iNa + iK + iL + currentScale * u[0]) / Capacitance;

        for (int gate = 0; gate < 3; gate++)
        {
            int b = 7 + 4 * gate;
            double t = Math.Tanh((v - p[b]) * p[b + 1]);
            double steady = 0.5 * (1 + t);
            double tau = p[b + 2] + p[b + 3] * (1 - t * t);
            dxdt[gate + 1] = (steady - x[gate + 1]) / tau;
        }
    }
}
