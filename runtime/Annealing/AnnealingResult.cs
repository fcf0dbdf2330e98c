using System;
using System.Collections.Generic;

namespace DeepestLearning;

/// <summary>One β of the annealing: per path the action, its two terms, the estimated parameters and the minimizer's record.</summary>
public sealed class AnnealingLevel
{
    internal AnnealingLevel(int beta, double rf, int paths, int estimatedParameters)
    {
        Beta = beta;
        Rf = rf;
        Actions = new double[paths];
        MeasurementTerms = new double[paths];
        ModelTerms = new double[paths];
        Parameters = new double[paths][];
        for (int k = 0; k < paths; k++) Parameters[k] = new double[estimatedParameters];
        Iterations = new int[paths];
        Evaluations = new int[paths];
        HessianEvaluations = new int[paths];
        Exits = new ExitReason[paths];
    }

    public int Beta { get; }

    /// <summary>R_f0·α^β for a component with R_f0 = 1 times the first component's R_f0 (the scale reported in tables).</summary>
    public double Rf { get; }

    public double[] Actions { get; }
    public double[] MeasurementTerms { get; }
    public double[] ModelTerms { get; }

    /// <summary>Estimated parameters per path (the full vector, fixed ones included).</summary>
    public double[][] Parameters { get; }

    public int[] Iterations { get; }
    public int[] Evaluations { get; }

    /// <summary>Hessian evaluations (zero for L-BFGS-B).</summary>
    public int[] HessianEvaluations { get; }
    public ExitReason[] Exits { get; }

    /// <summary>Stores one path's outcome at this β: the action, its two terms, the parameters and the minimizer's record.</summary>
    internal void Record(int path, double action, double measurementTerm, double modelTerm, ReadOnlySpan<double> parameters, MinimizerResult result)
    {
        Actions[path] = action;
        MeasurementTerms[path] = measurementTerm;
        ModelTerms[path] = modelTerm;
        parameters.CopyTo(Parameters[path]);
        Iterations[path] = result.Iterations;
        Evaluations[path] = result.Evaluations;
        HessianEvaluations[path] = result.HessianEvaluations;
        Exits[path] = result.Exit;
    }

    /// <summary>The path with the lowest action at this β.</summary>
    public int LowestActionPath()
    {
        int best = 0;
        for (int k = 1; k < Actions.Length; k++) if (Actions[k] < Actions[best]) best = k;
        return best;
    }
}

/// <summary>The outcome of a precision-annealing run.</summary>
public sealed class AnnealingResult<TModel> where TModel : IDynamicalModel<TModel>
{
    internal AnnealingResult(AssimilationProblem<TModel> problem, AnnealingOptions options, AnnealingLevel[] levels, double[][] finalPaths, TimeSpan elapsed)
    {
        Problem = problem;
        Options = options;
        Levels = levels;
        FinalPaths = finalPaths;
        Elapsed = elapsed;
        BestPath = levels[^1].LowestActionPath();
    }

    public AssimilationProblem<TModel> Problem { get; }
    public AnnealingOptions Options { get; }

    /// <summary>The minimizer that ran at every β.</summary>
    public MinimizerKind Optimizer => Options.Optimizer;
    public IReadOnlyList<AnnealingLevel> Levels { get; }

    /// <summary>The packed minimizer of every path at β_max.</summary>
    public double[][] FinalPaths { get; }

    /// <summary>The path with the lowest action at β_max.</summary>
    public int BestPath { get; }

    public double[] Best => FinalPaths[BestPath];

    public TimeSpan Elapsed { get; }

    /// <summary>The best path's state at grid point n.</summary>
    public ReadOnlySpan<double> State(int n) => Best.AsSpan(n * TModel.StateCount, TModel.StateCount);

    /// <summary>The best path's full parameter vector (fixed and estimated).</summary>
    public double[] BestParameters()
    {
        var p = new double[TModel.ParameterCount];
        Problem.FullParameters(Best, p);
        return p;
    }
}
