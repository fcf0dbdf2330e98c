using System;
using System.Globalization;
using System.Linq;
using DeepestLearning;
using DeepestLearning.SampleModels;

// Lorenz96 (D = 20, F = 8.17 unknown) when the sensors do not see the components themselves: sensor l sees
// tanh((x_l + x_{l+1}) / 10) plus noise σ = 0.01 (a generated [Measurement] function, docs/data.md). A twin
// experiment: the truth by RK4 from a spun-up state; by default 12 of the 20 sensors, at the positions the main
// Lorenz96 job observes components, read at every grid point; the RK4 action (the map that made the truth, so the
// discretization does not bias F at this noise level); precision annealing from uniform starts (states in ±15,
// F in [0, 20]), R_f0 = 0.01, α = 1.5, β ≤ 60. Printed: the measurement term against its χ² expectation
// M/2 ± √(M/2), and F against its Cramér–Rao bound at the estimate; the exit code is 0 when both hold.
//   dotnet run -c Release --project samples/Lorenz96Sensor [-- --sensors 0,1,3,… --sigma 0.01 --paths 4 --beta-max 60 --seed 1]
var options = Arguments.Parse(args);
const int D = 20;
const double trueF = 8.17, dt = 0.025;
int steps = options.Steps;
var random = new Random(options.Seed);

double[] x0 = Enumerable.Range(0, D).Select(_ => trueF + (random.NextDouble() - 0.5)).ToArray();
x0 = TwinExperiment.SpinUp<SensedLorenz96D20>(x0, new[] { trueF }, dt, 400);
double[] truth = TwinExperiment.Integrate<SensedLorenz96D20>(x0, new[] { trueF }, dt, steps);

// y_l(n) = h_l(x(n)) + σ ε for the chosen sensors at every grid point.
int[] sensors = options.Sensors;
var y = new double[D];
int[] times = Enumerable.Range(0, steps + 1).ToArray();
var values = new double[times.Length * sensors.Length];
for (int n = 0; n <= steps; n++)
{
    SensedLorenz96D20.Measurement(truth.AsSpan(n * D, D), new[] { trueF }, default, y);
    for (int c = 0; c < sensors.Length; c++) values[n * sensors.Length + c] = y[sensors[c]] + options.Sigma * TwinExperiment.Gaussian(random);
}
var data = new Observations(sensors, times, values);
double rm = 1 / (options.Sigma * options.Sigma);
var problem = new AssimilationProblem<SensedLorenz96D20>(steps, dt, Discretization.RungeKutta4, data, Enumerable.Repeat(rm, sensors.Length).ToArray(),
    Enumerable.Repeat(-15.0, D).ToArray(), Enumerable.Repeat(15.0, D).ToArray(), new[] { 0.0 }, new[] { 20.0 });

// The field's classic start, built here: every state and F uniform in its box.
var starts = new double[options.Paths][];
for (int k = 0; k < starts.Length; k++)
{
    var states = new double[(steps + 1) * D];
    for (int i = 0; i < states.Length; i++) states[i] = -15 + 30 * random.NextDouble();
    starts[k] = problem.Pack(states, new[] { 20 * random.NextDouble() });
}
var annealing = new AnnealingOptions
{
    Rf0 = Enumerable.Repeat(options.Rf0, D).ToArray(),
    Alpha = 1.5,
    BetaMax = options.BetaMax,
    Paths = options.Paths,
    Seed = options.Seed,
    InitialPaths = starts,
    ParameterNames = new[] { "F" },
};
AnnealingResult<SensedLorenz96D20> result = PrecisionAnnealing.Run(problem, annealing);

AnnealingLevel last = result.Levels[^1];
int best = result.BestPath;
double expected = problem.MeasurementCount / 2.0, spread = Math.Sqrt(problem.MeasurementCount / 2.0);
double f = last.Parameters[best][0];
FisherInformation fisher = FisherInformation.Compute(problem, result.State(0), last.Parameters[best]);
double bound = fisher.StandardDeviation(0);
double unobservedError = 0;
for (int n = 0; n <= steps; n++)
    for (int a = 0; a < D; a++) unobservedError += Math.Pow(result.State(n)[a] - truth[n * D + a], 2);
var invariant = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(invariant, $"Lorenz96 D = {D}, {sensors.Length} tanh sensors, σ = {options.Sigma}, N = {steps}, {options.Paths} starts, minimizer {result.Minimizer}, {result.Elapsed.TotalSeconds:F1} s"));
Console.WriteLine(string.Create(invariant, $"final β = {last.Beta}, R_f = {last.Rf:G3}; final actions: {string.Join(", ", last.Actions.Select(a => a.ToString("G5", invariant)))}"));
Console.WriteLine(string.Create(invariant, $"best measurement term {last.MeasurementTerms[best]:F1}, χ² expectation {expected:F1} ± {spread:F1} (M = {problem.MeasurementCount}); model term {last.ModelTerms[best]:F2}"));
Console.WriteLine(string.Create(invariant, $"F = {f:F4} (truth {trueF}), error {Math.Abs(f - trueF):F4} = {Math.Abs(f - trueF) / bound:F2} Cramér–Rao bounds (σ_F = {bound:F4})"));
Console.WriteLine(string.Create(invariant, $"state RMSE over the window {Math.Sqrt(unobservedError / ((steps + 1) * D)):F3}"));
if (result.Verdict is { } verdict) Console.WriteLine($"verdict: {verdict.Kind}: {verdict.Explanation}");
bool chiSquare = Math.Abs(last.MeasurementTerms[best] - expected) <= 3 * spread, withinBound = Math.Abs(f - trueF) <= 2 * bound;
Console.WriteLine(chiSquare && withinBound ? "reached the χ² level with F within two Cramér–Rao bounds" : "did NOT reach the χ² level with F within its bound");
return chiSquare && withinBound ? 0 : 1;

/// <summary>The few settings this sample takes.</summary>
internal sealed record Arguments(int[] Sensors, double Sigma, int Paths, int BetaMax, double Rf0, int Steps, int Seed)
{
    public static Arguments Parse(string[] args)
    {
        var a = new Arguments(new[] { 0, 1, 3, 5, 6, 8, 10, 11, 13, 15, 16, 18 }, 0.01, 4, 60, 1e-2, 160, 1);
        for (int k = 0; k + 1 < args.Length; k += 2)
        {
            string value = args[k + 1];
            a = args[k] switch
            {
                "--sensors" => a with { Sensors = value.Split(',').Select(int.Parse).ToArray() },
                "--sigma" => a with { Sigma = double.Parse(value, CultureInfo.InvariantCulture) },
                "--paths" => a with { Paths = int.Parse(value, CultureInfo.InvariantCulture) },
                "--beta-max" => a with { BetaMax = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rf0" => a with { Rf0 = double.Parse(value, CultureInfo.InvariantCulture) },
                "--steps" => a with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => a with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option '{args[k]}' (--sensors, --sigma, --paths, --beta-max, --rf0, --steps, --seed)", nameof(args)),
            };
        }
        return a;
    }
}
