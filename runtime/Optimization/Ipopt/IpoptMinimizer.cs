using System;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace DeepestLearning;

/// <summary>
/// IPOPT (interior-point, exact Hessian) as a bound-constrained minimizer, through its C interface.
/// The action has no equality constraints (the weak-constraint form), so IPOPT sees m = 0, the
/// box bounds, the objective and gradient, and the exact sparse Hessian with its lower-triangle
/// pattern. Requires the native library libipopt.so.1 (Debian: apt-get install -y coinor-libipopt1v5).
/// </summary>
/// <remarks>
/// The Debian build solves its linear systems with sequential MUMPS, which keeps global state,
/// so solves are serialized process-wide; annealing paths still run in parallel around them.
/// </remarks>
public sealed unsafe class IpoptMinimizer : IBoundedMinimizer
{
    private static readonly object NativeGate = new();
    private readonly IpoptOptions _options;
    private readonly ISecondOrderObjective _objective;

    /// <summary>An IPOPT minimizer of <paramref name="objective"/>; the native library is loaded at the first solve, not here.</summary>
    /// <param name="objective">The function to minimize, with its exact sparse Hessian (IPOPT runs with it).</param>
    /// <param name="options">Tolerance, iteration limit, print level and further IPOPT options by name (null: the defaults).</param>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is null.</exception>
    public IpoptMinimizer(ISecondOrderObjective objective, IpoptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        _objective = objective;
        _options = options ?? new IpoptOptions();
    }

    /// <inheritdoc/>
    public IObjective Objective => _objective;

    /// <summary>The settings passed to IPOPT at every solve.</summary>
    public IpoptOptions Options => _options;

    /// <summary>IPOPT's return status of the last solve (e.g. "Solve_Succeeded").</summary>
    public string LastStatus { get; private set; } = "";

    /// <summary>Whether libipopt.so.1 can be loaded on this machine.</summary>
    public static bool IsAvailable
    {
        get
        {
            if (!NativeLibrary.TryLoad(IpoptNative.Library, out IntPtr handle)) return false;
            NativeLibrary.Free(handle);
            return true;
        }
    }

    /// <summary>Minimizes the objective over the box [<paramref name="lower"/>, <paramref name="upper"/>] from the projection of <paramref name="x"/> onto it; <paramref name="x"/> holds the final point.</summary>
    /// <param name="x">The start on entry, the result on return (one entry per variable).</param>
    /// <param name="lower">Lower bounds (−∞ for none).</param>
    /// <param name="upper">Upper bounds (+∞ for none).</param>
    /// <param name="cancellation">Checked every iteration; cancelled, the run ends with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The final value, the iteration and evaluation counts, the exit reason and the final projected-gradient norm.</returns>
    /// <remarks>IPOPT's status is mapped to an <see cref="ExitReason"/>; its name is kept in <see cref="LastStatus"/>. Solves are serialized process-wide.</remarks>
    /// <exception cref="ArgumentException">A span has the wrong length, or a bound is inverted.</exception>
    /// <exception cref="InvalidOperationException">libipopt.so.1 cannot be loaded; the message says how to install it.</exception>
    public MinimizerResult Minimize(Span<double> x, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, CancellationToken cancellation = default)
    {
        ISecondOrderObjective objective = _objective;
        int n = objective.Dimension;
        BoxArguments.CheckAndProject(n, x, lower, upper);
        var xl = new double[n];
        var xu = new double[n];
        for (int i = 0; i < n; i++)
        {
            xl[i] = double.IsNegativeInfinity(lower[i]) ? -1e20 : lower[i]; // IPOPT reads |bound| ≥ 1e19 as none
            xu[i] = double.IsPositiveInfinity(upper[i]) ? 1e20 : upper[i];
        }

        var context = new SolveContext(objective) { Cancellation = cancellation };
        GCHandle handle = GCHandle.Alloc(context);
        int status;
        double objectiveValue = double.NaN;
        try
        {
            lock (NativeGate)
            {
                IntPtr problem;
                try
                {
                    fixed (double* pl = xl, pu = xu)
                        problem = IpoptNative.CreateIpoptProblem(n, pl, pu, 0, null, null, 0, objective.HessianPattern.NonZeroCount, 0,
                            &EvalF, &EvalG, &EvalGradF, &EvalJacG, &EvalH);
                }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
                {
                    throw new InvalidOperationException(
                        $"IPOPT's native library {IpoptNative.Library} could not be loaded ({e.Message}). Install it with: apt-get install -y coinor-libipopt1v5", e);
                }
                if (problem == IntPtr.Zero) throw new InvalidOperationException("IPOPT rejected the problem definition (CreateIpoptProblem returned null).");
                try
                {
                    SetOption(problem, "tol", _options.Tolerance);
                    SetOption(problem, "max_iter", _options.MaxIterations);
                    SetOption(problem, "print_level", _options.PrintLevel);
                    SetOption(problem, "sb", "yes"); // no banner
                    foreach ((string key, object value) in _options.Extra) SetOption(problem, key, value);
                    IpoptNative.SetIntermediateCallback(problem, &Intermediate);
                    var result = new double[n];
                    x.CopyTo(result);
                    fixed (double* px = result)
                        status = IpoptNative.IpoptSolve(problem, px, null, &objectiveValue, null, null, null, GCHandle.ToIntPtr(handle));
                    result.AsSpan().CopyTo(x);
                }
                finally
                {
                    IpoptNative.FreeIpoptProblem(problem);
                }
            }
        }
        finally
        {
            handle.Free();
        }
        cancellation.ThrowIfCancellationRequested(); // IPOPT stopped at the intermediate callback's request
        if (context.Error is { } error) throw new InvalidOperationException("the objective threw inside an IPOPT callback: " + error.Message, error);
        LastStatus = IpoptNative.StatusName(status);

        // Report the projected-gradient norm at the returned point, as the other minimizers do.
        var g = new double[n];
        double final = objective.Evaluate(x, g);
        double pg = VectorMath.ProjectedGradientNorm(x, g, lower, upper, new double[n], out _);
        ExitReason exit = status switch
        {
            0 or 1 => ExitReason.SolverConverged,
            -1 => ExitReason.MaxIterations,
            3 => ExitReason.LineSearchFailed,
            _ => ExitReason.SolverFailed,
        };
        return new MinimizerResult(final, context.Iterations, context.Evaluations, exit, pg, context.HessianEvaluations);
    }

    private static void SetOption(IntPtr problem, string key, object value)
    {
        byte[] name = Encoding.ASCII.GetBytes(key + "\0");
        int ok;
        fixed (byte* pName = name)
        {
            switch (value)
            {
                case string text:
                    byte[] bytes = Encoding.ASCII.GetBytes(text + "\0");
                    fixed (byte* pValue = bytes) ok = IpoptNative.AddIpoptStrOption(problem, pName, pValue);
                    break;
                case int integer:
                    ok = IpoptNative.AddIpoptIntOption(problem, pName, integer);
                    break;
                case double number:
                    ok = IpoptNative.AddIpoptNumOption(problem, pName, number);
                    break;
                default:
                    throw new ArgumentException($"IPOPT option '{key}' has a value of type {value?.GetType().Name ?? "null"}; use string, int or double.", nameof(value));
            }
        }
        if (ok == 0) throw new ArgumentException($"IPOPT rejected the option '{key}' = {value}.", nameof(value));
    }

    /// <summary>State shared with the callbacks of one solve: f and ∇f are computed together and cached per point.</summary>
    private sealed class SolveContext(ISecondOrderObjective objective)
    {
        public readonly ISecondOrderObjective Objective = objective;
        public readonly double[] Gradient = new double[objective.Dimension];
        public readonly double[] HessianValues = new double[objective.HessianPattern.NonZeroCount];
        public double Value = double.NaN;
        public bool HasPoint;
        public int Evaluations, HessianEvaluations, Iterations;
        public Exception? Error;
        public CancellationToken Cancellation;

        public void Ensure(int n, double* x, bool newX)
        {
            if (HasPoint && !newX) return;
            Value = Objective.Evaluate(new ReadOnlySpan<double>(x, n), Gradient);
            Evaluations++;
            HasPoint = true;
        }
    }

    private static SolveContext Context(IntPtr user) => (SolveContext)GCHandle.FromIntPtr(user).Target!;

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int EvalF(int n, double* x, int newX, double* value, IntPtr user)
    {
        SolveContext c = Context(user);
        try
        {
            c.Ensure(n, x, newX != 0);
            *value = c.Value;
            return double.IsFinite(c.Value) ? 1 : 0;
        }
        catch (Exception e)
        {
            c.Error ??= e;
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int EvalGradF(int n, double* x, int newX, double* gradient, IntPtr user)
    {
        SolveContext c = Context(user);
        try
        {
            c.Ensure(n, x, newX != 0);
            c.Gradient.AsSpan().CopyTo(new Span<double>(gradient, n));
            return 1;
        }
        catch (Exception e)
        {
            c.Error ??= e;
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int EvalG(int n, double* x, int newX, int m, double* g, IntPtr user) => 1; // no constraints

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int EvalJacG(int n, double* x, int newX, int m, int nonZeros, int* row, int* column, double* values, IntPtr user) => 1;

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int EvalH(int n, double* x, int newX, double objectiveFactor, int m, double* lambda, int newLambda,
        int nonZeros, int* row, int* column, double* values, IntPtr user)
    {
        SolveContext c = Context(user);
        try
        {
            SparsityPattern pattern = c.Objective.HessianPattern;
            if (values == null)
            {
                // Structure call: the lower triangle, row by row.
                ReadOnlySpan<int> start = pattern.RowStart, columns = pattern.ColumnIndex;
                for (int i = 0; i < pattern.RowCount; i++)
                    for (int k = start[i]; k < start[i + 1]; k++)
                    {
                        row[k] = i;
                        column[k] = columns[k];
                    }
                return 1;
            }
            c.Objective.Hessian(new ReadOnlySpan<double>(x, n), c.HessianValues);
            c.HessianEvaluations++;
            for (int k = 0; k < nonZeros; k++) values[k] = objectiveFactor * c.HessianValues[k];
            return 1;
        }
        catch (Exception e)
        {
            c.Error ??= e;
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int Intermediate(int mode, int iteration, double value, double primalInfeasibility, double dualInfeasibility, double mu,
        double stepNorm, double regularization, double alphaDual, double alphaPrimal, int lineSearchTrials, IntPtr user)
    {
        SolveContext context = Context(user);
        context.Iterations = iteration;
        return context.Cancellation.IsCancellationRequested ? 0 : 1; // 0 asks IPOPT to stop after this iteration

    }
}
