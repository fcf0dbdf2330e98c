using System;
using System.Linq;
using System.Runtime.InteropServices;
using Consumer;
using DeepestLearning;

// Twin experiment: noisy x(t) of a Lorenz63 trajectory with known σ, ρ, β; precision annealing
// estimates the three parameters (and the unobserved y, z); exit code 1 unless each lies within
// 5 % of the truth.
double[] truth = { 10.0, 28.0, 8.0 / 3.0 };
const double dt = 0.01, noise = 0.5;
const int steps = 300;
var random = new Random(1);

double[] x0 = TwinExperiment.SpinUp<Lorenz63>(new[] { 1.0, 1.0, 20.0 }, truth, dt, 1000);
double[] path = TwinExperiment.Integrate<Lorenz63>(x0, truth, dt, steps);
int[] observed = { 0 };
Observations data = TwinExperiment.Observe(path, 3, steps, observed, 1, noise, random);

var problem = new AssimilationProblem<Lorenz63>(steps, dt, Discretization.HermiteSimpson, data,
    measurementPrecision: new[] { 1.0 / (noise * noise) },
    stateLower: new[] { -30.0, -40.0, 0.0 }, stateUpper: new[] { 30.0, 40.0, 60.0 },
    parameterLower: new[] { 1.0, 10.0, 0.5 }, parameterUpper: new[] { 20.0, 40.0, 5.0 });
var options = AnnealingOptions.Uniform(3, 1e-2) with { BetaMax = 40, Paths = 2, Seed = 1, Threads = 2 };

AnnealingResult<Lorenz63> result = PrecisionAnnealing.Run(problem, options);
double[] estimate = result.BestParameters();

string[] names = { "sigma", "rho", "beta" };
bool ok = true;
for (int k = 0; k < truth.Length; k++)
{
    double error = Math.Abs(estimate[k] - truth[k]) / truth[k];
    bool close = error < 0.05;
    ok &= close;
    Console.WriteLine($"{names[k],-5} true {truth[k],8:F4}  estimated {estimate[k],8:F4}  relative error {error:P2}{(close ? "" : "  (more than 5 %)")}");
}
Console.WriteLine($"Lorenz63 consumer ({AppContext.TargetFrameworkName} on {RuntimeInformation.FrameworkDescription}): " +
    $"{(ok ? "parameters recovered" : "FAILED")} in {result.Elapsed.TotalSeconds:F1} s ({result.Levels.Count} levels, {options.Paths} paths)");
return ok && estimate.All(double.IsFinite) ? 0 : 1;
