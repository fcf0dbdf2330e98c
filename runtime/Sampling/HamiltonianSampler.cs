using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace DeepestLearning;

/// <summary>
/// Hamiltonian Monte Carlo (Duane, Kennedy, Pendleton and Roweth 1987; Neal 2011) on the posterior
/// P(X | Y) ∝ exp(−A(X)) of an assimilation problem at one model precision R_f, warm-started from annealed
/// paths — the sampler of precision-annealing HMC, tuned by the library rather than by hand.
/// </summary>
/// <remarks>
/// <para>Each chain builds its mass matrix from the exact action Hessian at its start (<see cref="MassMatrixKind"/>;
/// the Hessian's own by default), which also fixes the trajectory length (see <see cref="MassMatrixFactory"/>); the step
/// size is adapted by dual averaging during the warm-up (<see cref="DualAveraging"/>), and the number of leapfrog steps
/// per trajectory is the trajectory length over the step size, jittered by ±20 % so that no trajectory length resonates
/// with a period of the flow. Box bounds reflect the trajectory (<see cref="Leapfrog{TModel}"/>).</para>
/// <para>Chains run in parallel, each with its own random stream of (seed, chain), its own action and its own factor:
/// a run gives the same draws, bit for bit, whatever the thread count.</para>
/// </remarks>
public static class HamiltonianSampler
{
    private const double Jitter = 0.2, DivergentEnergy = 1000;

    /// <summary>
    /// Samples the posterior at the last level of an annealing (or at <see cref="HamiltonianSamplerOptions.Beta"/>), the
    /// chains starting from the annealed paths in increasing order of their final action (cycling when there are more chains than paths).
    /// </summary>
    /// <param name="result">A finished annealing.</param>
    /// <param name="options">Chains, draws, seed (null: the defaults).</param>
    /// <param name="cancellationToken">Checked at every iteration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (names <paramref name="options"/>).</exception>
    public static SamplingResult Sample<TModel>(AnnealingResult<TModel> result, HamiltonianSamplerOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(result);
        options ??= new HamiltonianSamplerOptions();
        int beta = options.Beta ?? result.Levels[^1].Beta;
        if (beta < 0 || beta > result.BetaMax)
            throw new ArgumentException($"Beta = {beta} lies outside the annealing's levels 0 … {result.BetaMax}.", nameof(options));
        double scale = Math.Pow(result.Options.Alpha, beta);
        var rf = new double[result.Rf0.Length];
        for (int a = 0; a < rf.Length; a++) rf[a] = result.Rf0[a] * scale;

        double[] actions = result.Levels[^1].Actions;
        var order = new int[result.FinalPaths.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => actions[a] != actions[b] ? actions[a].CompareTo(actions[b]) : a.CompareTo(b));
        var starts = new double[order.Length][];
        for (int i = 0; i < order.Length; i++) starts[i] = result.FinalPaths[order[i]];
        return Sample(result.Problem, starts, rf, options, cancellationToken);
    }

    /// <summary>Samples P(X | Y) ∝ exp(−A(X)) at the model precision <paramref name="modelPrecision"/>, chain c starting from <c>starts[c mod starts.Count]</c>.</summary>
    /// <param name="problem">The problem whose action A is sampled.</param>
    /// <param name="starts">One or more packed paths (usually annealed minima), each inside the box bounds.</param>
    /// <param name="modelPrecision">R_f per state component (D finite non-negative values).</param>
    /// <param name="options">Chains, draws, seed (null: the defaults).</param>
    /// <param name="cancellationToken">Checked at every iteration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> or <paramref name="starts"/> is null.</exception>
    /// <exception cref="ArgumentException">A start has the wrong length, a value that is not finite or outside the bounds, or the action is not finite there; R_f or an option is invalid. The message names the argument.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static SamplingResult Sample<TModel>(AssimilationProblem<TModel> problem, IReadOnlyList<double[]> starts, ReadOnlySpan<double> modelPrecision,
        HamiltonianSamplerOptions? options = null, CancellationToken cancellationToken = default)
        where TModel : IDynamicalModel<TModel>
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(starts);
        options ??= new HamiltonianSamplerOptions();
        int n = problem.VariableCount, d = TModel.StateCount;
        options.Validate(nameof(options), n);
        ModelArguments.RequireExactLength(modelPrecision.Length, d, nameof(modelPrecision));
        double[] rf = modelPrecision.ToArray();
        for (int a = 0; a < d; a++)
            if (!(rf[a] >= 0) || !double.IsFinite(rf[a])) throw new ArgumentException($"modelPrecision[{a}] = {rf[a]} must be finite and non-negative.", nameof(modelPrecision));
        if (starts.Count == 0) throw new ArgumentException("give at least one start path.", nameof(starts));
        var lower = new double[n];
        var upper = new double[n];
        problem.PackedBounds(lower, upper);
        for (int s = 0; s < starts.Count; s++)
        {
            double[] start = starts[s] ?? throw new ArgumentException($"starts[{s}] is null.", nameof(starts));
            if (start.Length != n) throw new ArgumentException($"starts[{s}] has {start.Length} values, not the problem's {n}.", nameof(starts));
            for (int i = 0; i < n; i++)
            {
                if (!double.IsFinite(start[i])) throw new ArgumentException($"starts[{s}][{i}] is {start[i]}.", nameof(starts));
                if (start[i] < lower[i] || start[i] > upper[i]) throw new ArgumentException($"starts[{s}][{i}] = {start[i]} lies outside its bounds [{lower[i]}, {upper[i]}].", nameof(starts));
            }
        }

        var clock = Stopwatch.StartNew();
        int chains = options.Chains;
        var draws = new double[chains][];
        var summaries = new SamplingResult.ChainSummary[chains];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(options.Threads, chains), CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, chains, parallel, c =>
            {
                var chain = new Chain<TModel>(problem, rf, lower, upper, options, c);
                (draws[c], summaries[c]) = chain.Run(starts[c % starts.Count], cancellationToken);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // A chain's own exception (a start where the action is not finite, a cancellation) as it was thrown, not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        var mean = new double[n];
        var std = new double[n];
        var rhat = new double[n];
        var ess = new double[n];
        int perChain = options.Draws;
        Parallel.For(0, Math.Min(options.Threads, n), new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, worker =>
        {
            // Each variable's numbers depend on its draws alone: splitting the variables among threads changes nothing.
            var buffer = new double[chains * perChain];
            int workers = Math.Min(options.Threads, n);
            for (int i = worker; i < n; i += workers)
            {
                for (int c = 0; c < chains; c++)
                    for (int s = 0; s < perChain; s++) buffer[c * perChain + s] = draws[c][s * n + i];
                double sum = 0;
                foreach (double v in buffer) sum += v;
                double m = sum / buffer.Length, ss = 0;
                foreach (double v in buffer) ss += (v - m) * (v - m);
                mean[i] = m;
                std[i] = Math.Sqrt(ss / (buffer.Length - 1));
                rhat[i] = ChainDiagnostics.SplitRhat(buffer, chains);
                ess[i] = ChainDiagnostics.EffectiveSampleSize(buffer, chains);
            }
        });
        return new SamplingResult(problem.Steps, d, problem.ParameterOffset, (int[])problem.EstimatedParameters.Clone(), TModel.ParameterCount, rf,
            draws, mean, std, rhat, ess, summaries, clock.Elapsed);
    }

    /// <summary>One chain: its action, mass, integrator and random stream, the warm-up and the kept draws.</summary>
    private sealed class Chain<TModel> where TModel : IDynamicalModel<TModel>
    {
        private readonly AssimilationProblem<TModel> _problem;
        private readonly double[] _rf, _lower, _upper;
        private readonly HamiltonianSamplerOptions _options;
        private readonly ChainRandom _random;
        private readonly int _n;
        private Leapfrog<TModel> _leapfrog = null!;
        private double[] _x = null!, _proposal = null!, _momentum = null!, _savedGradient = null!;

        public Chain(AssimilationProblem<TModel> problem, double[] rf, double[] lower, double[] upper, HamiltonianSamplerOptions options, int index)
        {
            _problem = problem;
            _rf = rf;
            _lower = lower;
            _upper = upper;
            _options = options;
            _random = new ChainRandom(options.Seed, index);
            _n = problem.VariableCount;
        }

        public (double[] Draws, SamplingResult.ChainSummary Summary) Run(double[] start, CancellationToken cancellationToken)
        {
            var action = new ActionFunction<TModel>(_problem);
            action.SetModelPrecision(_rf);
            _x = (double[])start.Clone();
            MassMatrixFactory.Built built = MassMatrixFactory.Create(action.ExactHessian, _x, _options.Mass);
            _leapfrog = new Leapfrog<TModel>(action, built.Mass, _lower, _upper);
            _proposal = new double[_n];
            _momentum = new double[_n];
            _savedGradient = new double[_n];

            if (_options.DisperseStarts) Disperse(start);
            if (!double.IsFinite(_leapfrog.Begin(_x)))
                throw new ArgumentException("the action is not finite at a start path.", "starts");

            double trajectory = built.TrajectoryLength;
            var adaptation = new DualAveraging(InitialStep(trajectory), _options.TargetAcceptance);
            double step = double.NaN;
            var draws = new double[_options.Draws * _n];
            double acceptance = 0, leapfrogSteps = 0;
            int divergences = 0;
            for (int iteration = 0; iteration < _options.Warmup + _options.Draws; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool warmup = iteration < _options.Warmup;
                double epsilon = warmup ? adaptation.Step : step;
                double length = trajectory * (1 + Jitter * (2 * _random.Uniform() - 1));
                int steps = (int)Math.Clamp(Math.Ceiling(length / epsilon), 1, _options.MaxLeapfrogSteps);
                (double accept, bool divergent) = Transition(epsilon, steps);
                if (warmup)
                {
                    adaptation.Update(accept);
                    if (iteration == _options.Warmup - 1) step = adaptation.AveragedStep;
                    continue;
                }
                acceptance += accept;
                leapfrogSteps += steps;
                if (divergent) divergences++;
                _x.CopyTo(draws.AsSpan((iteration - _options.Warmup) * _n, _n));
            }
            int kept = _options.Draws;
            var summary = new SamplingResult.ChainSummary(step, trajectory, leapfrogSteps / kept, acceptance / kept, divergences,
                _leapfrog.GradientEvaluations, _leapfrog.Bounces, built.Mass.Kind, built.Explanation);
            return (draws, summary);
        }

        /// <summary>
        /// x = X̂ + s·M⁻¹p with p ~ N(0, M): for s = 1 a draw of the Laplace approximation N(X̂, M⁻¹), reflected into the bounds.
        /// Where the action is far from Gaussian that draw can land where A is enormous (a Gaussian draw raises A by about n/2,
        /// χ²_n / 2); s is halved until A(x) − A(X̂) ≤ n, and the start is X̂ itself when even s = 2⁻¹⁰ does not pass.
        /// </summary>
        private void Disperse(double[] start)
        {
            double baseline = _leapfrog.Begin(start);
            _leapfrog.Mass.Draw(_random, _momentum);
            double scale = 1;
            for (int attempt = 0; attempt <= 10; attempt++, scale *= 0.5)
            {
                start.CopyTo(_x, 0);
                _momentum.CopyTo(_proposal, 0);
                _leapfrog.SetVelocity(_proposal);
                if (_leapfrog.Drift(_x, _proposal, scale) && _leapfrog.Begin(_x) - baseline <= _n) return;
            }
            start.CopyTo(_x, 0);
        }

        /// <summary>
        /// ε₀ before the warm-up (Hoffman and Gelman 2014, Algorithm 4): from the trajectory length over ten steps, doubled or
        /// halved until the acceptance probability of one leapfrog step crosses ½.
        /// </summary>
        private double InitialStep(double trajectory)
        {
            double epsilon = trajectory / 10;
            double first = OneStepAcceptance(epsilon);
            int direction = first > 0.5 ? 1 : -1;
            for (int attempt = 0; attempt < 60; attempt++)
            {
                double next = epsilon * (direction > 0 ? 2.0 : 0.5);
                double a = OneStepAcceptance(next);
                if (direction > 0 ? !(a > 0.5) : a > 0.5)
                {
                    if (direction < 0) epsilon = next;
                    break;
                }
                epsilon = next;
                if (direction > 0 && epsilon >= trajectory) break; // one step per trajectory is the most a step can be
            }
            return epsilon;
        }

        private double OneStepAcceptance(double epsilon)
        {
            double potential = _leapfrog.Potential;
            _leapfrog.Gradient.CopyTo(_savedGradient);
            _leapfrog.Mass.Draw(_random, _momentum);
            double h0 = potential + _leapfrog.Kinetic(_momentum);
            _x.CopyTo(_proposal, 0);
            bool ok = _leapfrog.Step(_proposal, _momentum, epsilon);
            double h1 = ok ? _leapfrog.Potential + _leapfrog.Kinetic(_momentum) : double.PositiveInfinity;
            _leapfrog.Restore(potential, _savedGradient);
            double a = Math.Exp(Math.Min(0, h0 - h1));
            return double.IsFinite(a) ? a : 0;
        }

        /// <summary>One HMC iteration from _x: fresh momentum, <paramref name="steps"/> leapfrog steps, the Metropolis test. Returns the acceptance probability.</summary>
        private (double Acceptance, bool Divergent) Transition(double epsilon, int steps)
        {
            double potential = _leapfrog.Potential;
            _leapfrog.Gradient.CopyTo(_savedGradient);
            _leapfrog.Mass.Draw(_random, _momentum);
            double h0 = potential + _leapfrog.Kinetic(_momentum);
            _x.CopyTo(_proposal, 0);
            bool ok = true;
            for (int l = 0; l < steps && ok; l++) ok = _leapfrog.Step(_proposal, _momentum, epsilon);
            double h1 = ok ? _leapfrog.Potential + _leapfrog.Kinetic(_momentum) : double.PositiveInfinity;
            double a = ok ? Math.Exp(Math.Min(0, h0 - h1)) : 0;
            if (!double.IsFinite(a)) a = 0;
            if (_random.Uniform() < a) (_x, _proposal) = (_proposal, _x);
            else _leapfrog.Restore(potential, _savedGradient);
            return (a, !ok || h1 - h0 > DivergentEnergy);
        }
    }
}
