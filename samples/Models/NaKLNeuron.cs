using System;
using DeepestLearning;

namespace DeepestLearning.SampleModels;

/// <summary>
/// A Hodgkin–Huxley-type NaKL neuron: membrane voltage V and the gates m, h, n; 19 parameters;
/// one injected current u[0]. Gates relax to z∞(V) = ½[1 + tanh((V − Vz)·dVz)] with time
/// constant τz(V) = tz1 + tz2·(1 − tanh²((V − Vz)·dVz)).
/// </summary>
[DynamicalModel(States = 4, Parameters = 19, Stimuli = 1)]
public partial class NaKLNeuron
{
    /// <summary>Parameter names in order (gNa … current scale, then Vz, dVz, tz1, tz2 for m, h, n).</summary>
    public static readonly string[] ParameterNames =
    {
        "gNa", "ENa", "gK", "EK", "gL", "EL", "Iscale",
        "Vm", "dVm", "tm1", "tm2", "Vh", "dVh", "th1", "th2", "Vn", "dVn", "tn1", "tn2",
    };

    [VectorField]
    static void Flow(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> dxdt)
    {
        double v = x[0], m = x[1], h = x[2], n = x[3];
        double iNa = p[0] * m * m * m * h * (p[1] - v);
        double iK = p[2] * n * n * n * n * (p[3] - v);
        double iL = p[4] * (p[5] - v);
        dxdt[0] = iNa + iK + iL + p[6] * u[0]; // membrane capacitance 1 µF/cm²

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
