using System;

namespace DeepestLearning;

/// <summary>
/// The action A(X, p) = Σ R_m/2 (h_l(x(n), p) − y_l(n))² + Σ R_f/2 r(n)² and its exact gradient for
/// one problem (docs/design.md §1.1), built on the generated model members. The gradient of the model
/// term is assembled from one vector–Jacobian product per evaluation point, whose weight
/// vector already carries the discretization's coefficients. Generic over the model type so
/// that the JIT specializes every call; all scratch lives here, so evaluation allocates nothing.
/// One instance per thread.
/// </summary>
public sealed class ActionFunction<TModel> : ISecondOrderObjective, IAnnealedAction where TModel : IDynamicalModel<TModel>
{
    private readonly AssimilationProblem<TModel> _problem;
    private readonly int _d, _p, _u, _n;
    private readonly double[] _rf;
    private readonly double[] _rf0;      // the base of R_f = R_f0 · scale (annealing)
    private readonly double[] _parameters;
    private readonly double[] _f;        // F at every evaluation point (grid, then midpoints)
    private readonly double[] _rho;      // R_f ∘ r of the residuals the gradient still needs
    private readonly double[] _weights;  // vector–Jacobian weights for one point
    private readonly double[] _vjp;      // (D + P) product
    private readonly double[] _midpointWeights;            // Hermite–Simpson: the midpoint's weights of one step
    private readonly double[] _midpointParameterProducts;  // Hermite–Simpson: the parameter part of every midpoint product
    private readonly double[] _parameterGradient;
    private readonly double[] _stimulusMid;
    private readonly double[] _stage;    // RK4 scratch: Φ(x(n)), the residual's cotangent and its adjoint at x(n)
    private readonly RungeKutta4Step<TModel> _rk4;
    private readonly MeasurementTerm _measurement; // the observed components, or the model's [Measurement] function
    private double _lastMeasurement, _lastModel;
    private ActionHessian<TModel>? _hessian; // built on first use: first-order minimizers never pay for it

    /// <summary>Creates the action of <paramref name="problem"/> with every R_f and R_f0 set to 1; all scratch memory is allocated here.</summary>
    /// <param name="problem">The problem whose grid, data, precisions and discretization define the action.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public ActionFunction(AssimilationProblem<TModel> problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _problem = problem;
        _d = TModel.StateCount;
        _p = TModel.ParameterCount;
        _u = TModel.StimulusCount;
        _n = problem.Steps;
        _rf = new double[_d];
        Array.Fill(_rf, 1.0);
        _rf0 = new double[_d];
        Array.Fill(_rf0, 1.0);
        _parameters = new double[_p];
        _f = new double[(_n + 1 + problem.MidpointCount) * _d];
        _rho = new double[2 * _d]; // ρ of two steps (Hermite–Simpson: ρ₁ and ρ₂ of the previous step)
        _weights = new double[_d];
        _vjp = new double[_d + _p];
        _midpointWeights = new double[_d];
        _midpointParameterProducts = new double[problem.Discretization == Discretization.HermiteSimpson ? _n * _p : 0];
        _parameterGradient = new double[_p];
        _stimulusMid = new double[_u];
        _stage = new double[3 * _d];
        _rk4 = new RungeKutta4Step<TModel>();
        _measurement = problem.CreateMeasurementTerm();
    }

    /// <summary>The problem this action was built for.</summary>
    public AssimilationProblem<TModel> Problem => _problem;

    /// <summary>The number of unknowns: the length of the packed vector (<see cref="AssimilationProblem{TModel}.VariableCount"/>).</summary>
    public int Dimension => _problem.VariableCount;

    /// <summary>The model precisions R_f per state component (set by annealing).</summary>
    public ReadOnlySpan<double> ModelPrecision => _rf;

    /// <summary>Measurement term of the last evaluation.</summary>
    public double LastMeasurementTerm => _lastMeasurement;

    /// <summary>Model term of the last evaluation.</summary>
    public double LastModelTerm => _lastModel;

    /// <summary>Sets R_f directly, one value per state component, for this action and its Hessian.</summary>
    /// <param name="rf">D model precisions, each finite and non-negative.</param>
    /// <exception cref="ArgumentException"><paramref name="rf"/> has the wrong length or a value that is negative or not finite.</exception>
    public void SetModelPrecision(ReadOnlySpan<double> rf)
    {
        ModelPrecisionArgument.CheckAndCopy(rf, _rf);
        _hessian?.SetModelPrecision(rf);
    }

    /// <summary>R_f0 per state component: the base that <see cref="SetPrecisionScale"/> multiplies (ones until set).</summary>
    public ReadOnlySpan<double> BasePrecision => _rf0;

    /// <summary>Sets R_f0 per state component; R_f itself changes at the next <see cref="SetPrecisionScale"/>.</summary>
    /// <param name="rf0">D base precisions, each finite and non-negative.</param>
    /// <exception cref="ArgumentException"><paramref name="rf0"/> has the wrong length or a value that is negative or not finite.</exception>
    public void SetBasePrecision(ReadOnlySpan<double> rf0) => ModelPrecisionArgument.CheckAndCopy(rf0, _rf0);

    /// <summary>R_f = R_f0 · <paramref name="scale"/> for every component.</summary>
    public void SetPrecisionScale(double scale)
    {
        if (!(scale > 0) || !double.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "the precision scale must be positive and finite.");
        for (int a = 0; a < _d; a++) _rf[a] = _rf0[a] * scale;
        _hessian?.SetModelPrecision(_rf);
    }

    /// <summary>The exact Hessian of this action (created on first use, sharing R_f).</summary>
    public ActionHessian<TModel> ExactHessian
    {
        get
        {
            if (_hessian is null)
            {
                _hessian = new ActionHessian<TModel>(_problem);
                _hessian.SetModelPrecision(_rf);
            }
            return _hessian;
        }
    }

    /// <summary>Lower-triangle CSR pattern of the action Hessian over the packed variables (built on first use, see <see cref="ExactHessian"/>).</summary>
    public SparsityPattern HessianPattern => ExactHessian.Pattern;

    /// <summary>Writes the exact Hessian of the action at the packed point <paramref name="x"/>, in <see cref="HessianPattern"/> order, at the current R_f.</summary>
    /// <param name="x">The packed unknowns.</param>
    /// <param name="values">Receives <see cref="SparsityPattern.NonZeroCount"/> values of <see cref="HessianPattern"/>.</param>
    public void Hessian(ReadOnlySpan<double> x, Span<double> values) => ExactHessian.Evaluate(x, values);

    /// <summary>The order that makes the Hessian an arrowhead for <see cref="ArrowheadLdlt"/>: states in time order, then the estimated parameters (the border).</summary>
    public int[] EliminationOrder() => ExactHessian.EliminationOrder();

    /// <summary>The number of estimated parameters: the dense border of the arrowhead Hessian.</summary>
    public int BorderCount => ExactHessian.BorderCount;

    /// <summary>The action alone (no gradient work beyond the residuals).</summary>
    public double Value(ReadOnlySpan<double> packed) => Evaluate(packed, Span<double>.Empty);

    /// <summary>Returns A and, when <paramref name="gradient"/> is not empty, writes ∇A.</summary>
    public double Evaluate(ReadOnlySpan<double> packed, Span<double> gradient)
    {
        ModelArguments.RequireExactLength(packed.Length, Dimension, nameof(packed));
        bool wantGradient = !gradient.IsEmpty;
        if (wantGradient)
        {
            ModelArguments.RequireExactLength(gradient.Length, Dimension, nameof(gradient));
            gradient.Clear();
            Array.Clear(_parameterGradient);
        }
        _problem.FullParameters(packed, _parameters);

        double measurement = _measurement.Evaluate(packed, _parameters, gradient, _parameterGradient, wantGradient);
        double model = _problem.Discretization switch
        {
            Discretization.ForwardEuler => ForwardEuler(packed, gradient, wantGradient),
            Discretization.Trapezoid => Trapezoid(packed, gradient, wantGradient),
            Discretization.HermiteSimpson => HermiteSimpson(packed, gradient, wantGradient),
            _ => RungeKutta4(packed, gradient, wantGradient),
        };

        if (wantGradient)
        {
            int offset = _problem.ParameterOffset;
            int[] estimated = _problem.EstimatedParameters;
            for (int k = 0; k < estimated.Length; k++) gradient[offset + k] = _parameterGradient[estimated[k]];
        }
        _lastMeasurement = measurement;
        _lastModel = model;
        return measurement + model;
    }

    double IObjective.Evaluate(ReadOnlySpan<double> x, Span<double> gradient) => Evaluate(x, gradient);

    private ReadOnlySpan<double> State(ReadOnlySpan<double> packed, int point) => packed.Slice(point * _d, _d);

    private ReadOnlySpan<double> StimulusAt(int n) => GridStimulus.AtGridPoint(_problem.Stimulus, _u, n);

    private ReadOnlySpan<double> StimulusMid(int n) => GridStimulus.AtMidpoint(_problem.Stimulus, _u, n, _stimulusMid);

    /// <summary>
    /// Adds wᵀ ∂F/∂(x,p) at a point (weights in _weights) into the gradient's state block <paramref name="g"/> and the
    /// parameter accumulator.
    /// </summary>
    private void AddProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> u, Span<double> g)
    {
        TModel.JacobianTransposeProduct(x, _parameters, u, _weights, _vjp);
        ReadOnlySpan<double> vjp = _vjp.AsSpan(0, g.Length);
        for (int a = 0; a < g.Length; a++) g[a] += vjp[a];
        AddParameterProduct();
    }

    /// <summary>Adds the parameter part of the last vector–Jacobian product (_vjp after the D state entries) to the parameter accumulator.</summary>
    private void AddParameterProduct()
    {
        Span<double> pg = _parameterGradient;
        ReadOnlySpan<double> vjp = _vjp.AsSpan(_d, pg.Length);
        for (int k = 0; k < pg.Length; k++) pg[k] += vjp[k];
    }

    /// <summary>F at the first <paramref name="points"/> grid points, into _f.</summary>
    private void VectorFieldOnGrid(ReadOnlySpan<double> packed, int points)
    {
        for (int n = 0; n < points; n++) TModel.VectorField(State(packed, n), _parameters, StimulusAt(n), _f.AsSpan(n * _d, _d));
    }

    // Each rule has a value-only and a value+gradient path. Both add the action's terms in the same order (step by
    // step, component by component, the same expressions), so the value is bit-identical with and without the
    // gradient. The gradient path runs once over the steps: at step n it forms the residuals, the weights of grid
    // point n (which need the residuals of steps n − 1 and n only) and the vector–Jacobian product there, so every
    // gradient entry receives the same additions in the same order as the former separate passes (measurement,
    // difference part of the residual of step n − 1, of step n, then the product) and the parameter accumulator
    // receives the points' products in point order.

    private double ForwardEuler(ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient)
    {
        double dt = _problem.Dt;
        int d = _d;
        VectorFieldOnGrid(packed, _n); // F at x(N) never enters
        ReadOnlySpan<double> rf = _rf.AsSpan(0, d);
        double sum = 0;
        if (!wantGradient)
        {
            for (int n = 0; n < _n; n++)
            {
                ReadOnlySpan<double> x0 = packed.Slice(n * d, d), x1 = packed.Slice((n + 1) * d, d), f0 = _f.AsSpan(n * d, d);
                for (int a = 0; a < rf.Length; a++)
                {
                    double r = ForwardEulerRule.Residual(x0[a], x1[a], f0[a], dt);
                    double rho = rf[a] * r;
                    sum += 0.5 * rho * r;
                }
            }
            return sum;
        }

        double driftWeight = ForwardEulerRule.DriftWeight(dt);
        Span<double> rhoN = _rho.AsSpan(0, d), weights = _weights.AsSpan(0, d);
        ReadOnlySpan<double> vjp = _vjp.AsSpan(0, d);
        for (int n = 0; n < _n; n++)
        {
            ReadOnlySpan<double> x0 = packed.Slice(n * d, d), x1 = packed.Slice((n + 1) * d, d), f0 = _f.AsSpan(n * d, d);
            for (int a = 0; a < rf.Length; a++)
            {
                double r = ForwardEulerRule.Residual(x0[a], x1[a], f0[a], dt);
                double rho = rf[a] * r;
                sum += 0.5 * rho * r;
                rhoN[a] = rho;
                weights[a] = driftWeight * rho;
            }
            TModel.JacobianTransposeProduct(x0, _parameters, StimulusAt(n), _weights, _vjp);
            Span<double> g0 = gradient.Slice(n * d, d), g1 = gradient.Slice((n + 1) * d, d);
            for (int a = 0; a < rhoN.Length; a++)
            {
                double rho = rhoN[a];
                g1[a] += rho;
                g0[a] = g0[a] - rho + vjp[a];
            }
            AddParameterProduct();
        }
        return sum;
    }

    private double Trapezoid(ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient)
    {
        double dt = _problem.Dt;
        int d = _d;
        VectorFieldOnGrid(packed, _n + 1);
        ReadOnlySpan<double> rf = _rf.AsSpan(0, d);
        double sum = 0;
        if (!wantGradient)
        {
            for (int n = 0; n < _n; n++)
            {
                ReadOnlySpan<double> x0 = packed.Slice(n * d, d), x1 = packed.Slice((n + 1) * d, d);
                ReadOnlySpan<double> f0 = _f.AsSpan(n * d, d), f1 = _f.AsSpan((n + 1) * d, d);
                for (int a = 0; a < rf.Length; a++)
                {
                    double r = TrapezoidRule.Residual(x0[a], x1[a], f0[a], f1[a], dt);
                    double rho = rf[a] * r;
                    sum += 0.5 * rho * r;
                }
            }
            return sum;
        }

        // Grid point n is the end of step n − 1 and the start of step n: both residuals weigh its F.
        double driftWeight = TrapezoidRule.DriftWeight(dt);
        Span<double> rhoN = _rho.AsSpan(0, d), rhoPrevious = _rho.AsSpan(d, d), weights = _weights.AsSpan(0, d);
        ReadOnlySpan<double> vjp = _vjp.AsSpan(0, d);
        for (int n = 0; n < _n; n++)
        {
            ReadOnlySpan<double> x0 = packed.Slice(n * d, d), x1 = packed.Slice((n + 1) * d, d);
            ReadOnlySpan<double> f0 = _f.AsSpan(n * d, d), f1 = _f.AsSpan((n + 1) * d, d);
            if (n == 0)
            {
                for (int a = 0; a < rf.Length; a++)
                {
                    double r = TrapezoidRule.Residual(x0[a], x1[a], f0[a], f1[a], dt);
                    double rho = rf[a] * r;
                    sum += 0.5 * rho * r;
                    rhoN[a] = rho;
                    weights[a] = driftWeight * rho;
                }
            }
            else
            {
                for (int a = 0; a < rf.Length; a++)
                {
                    double r = TrapezoidRule.Residual(x0[a], x1[a], f0[a], f1[a], dt);
                    double rho = rf[a] * r;
                    sum += 0.5 * rho * r;
                    rhoN[a] = rho;
                    weights[a] = driftWeight * (rho + rhoPrevious[a]);
                }
            }
            TModel.JacobianTransposeProduct(x0, _parameters, StimulusAt(n), _weights, _vjp);
            Span<double> g0 = gradient.Slice(n * d, d), g1 = gradient.Slice((n + 1) * d, d);
            for (int a = 0; a < rhoN.Length; a++)
            {
                double rho = rhoN[a];
                g1[a] += rho;
                g0[a] = g0[a] - rho + vjp[a];
            }
            AddParameterProduct();
            Span<double> swap = rhoN;
            rhoN = rhoPrevious;
            rhoPrevious = swap;
        }
        // The last grid point ends step N − 1 only.
        for (int a = 0; a < weights.Length; a++) weights[a] = driftWeight * (0.0 + rhoPrevious[a]);
        AddProduct(State(packed, _n), StimulusAt(_n), gradient.Slice(_n * d, d));
        return sum;
    }

    private double HermiteSimpson(ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient)
    {
        double dt = _problem.Dt;
        int d = _d;
        int mid0 = _n + 1; // first midpoint "point" index in the packed vector
        VectorFieldOnGrid(packed, _n + 1);
        for (int n = 0; n < _n; n++) TModel.VectorField(State(packed, mid0 + n), _parameters, StimulusMid(n), _f.AsSpan((mid0 + n) * d, d));
        ReadOnlySpan<double> rf = _rf.AsSpan(0, d);
        double endWeight = HermiteSimpsonRule.EndWeight(dt), slopeWeight = HermiteSimpsonRule.SlopeWeight(dt), middleWeight = HermiteSimpsonRule.MiddleWeight(dt);

        double sum = 0;
        if (!wantGradient)
        {
            for (int n = 0; n < _n; n++)
            {
                ReadOnlySpan<double> x0 = packed.Slice(n * d, d), x1 = packed.Slice((n + 1) * d, d), xm = packed.Slice((mid0 + n) * d, d);
                ReadOnlySpan<double> f0 = _f.AsSpan(n * d, d), f1 = _f.AsSpan((n + 1) * d, d), fm = _f.AsSpan((mid0 + n) * d, d);
                for (int a = 0; a < rf.Length; a++)
                {
                    double r1 = HermiteSimpsonRule.SimpsonResidualWithWeight(x0[a], x1[a], f0[a], fm[a], f1[a], endWeight);
                    double r2 = HermiteSimpsonRule.MidpointResidualWithWeight(x0[a], x1[a], xm[a], f0[a], f1[a], slopeWeight);
                    double rho1 = rf[a] * r1, rho2 = rf[a] * r2;
                    sum += 0.5 * (rho1 * r1 + rho2 * r2);
                }
            }
            return sum;
        }

        // Step n's midpoint product goes straight into its gradient block, which nothing else touches after the
        // measurement; its parameter part waits in _midpointParameterProducts so that the parameter accumulator adds
        // every grid point's product before the midpoints', in point order, as separate passes would.
        int p = _p;
        Span<double> rho1Previous = _rho.AsSpan(0, d), rho2Previous = _rho.AsSpan(d, d);
        rho1Previous.Clear();
        rho2Previous.Clear();
        Span<double> weights = _weights.AsSpan(0, d), midpointWeights = _midpointWeights.AsSpan(0, d);
        ReadOnlySpan<double> vjp = _vjp.AsSpan(0, d), vjpParameters = _vjp.AsSpan(d, p);
        for (int n = 0; n < _n; n++)
        {
            ReadOnlySpan<double> x0 = packed.Slice(n * d, d), x1 = packed.Slice((n + 1) * d, d), xm = packed.Slice((mid0 + n) * d, d);
            ReadOnlySpan<double> f0 = _f.AsSpan(n * d, d), f1 = _f.AsSpan((n + 1) * d, d), fm = _f.AsSpan((mid0 + n) * d, d);
            Span<double> g0 = gradient.Slice(n * d, d), g1 = gradient.Slice((n + 1) * d, d), gm = gradient.Slice((mid0 + n) * d, d);
            for (int a = 0; a < rf.Length; a++)
            {
                double r1 = HermiteSimpsonRule.SimpsonResidualWithWeight(x0[a], x1[a], f0[a], fm[a], f1[a], endWeight);
                double r2 = HermiteSimpsonRule.MidpointResidualWithWeight(x0[a], x1[a], xm[a], f0[a], f1[a], slopeWeight);
                double rho1 = rf[a] * r1, rho2 = rf[a] * r2;
                sum += 0.5 * (rho1 * r1 + rho2 * r2);
                // Grid point n finishes step n − 1; before step 0 the previous ρ are zeros, whose FinishWeight is +0, and
                // w + 0 = w exactly (0.0 + StartWeight is never −0), so the weight of x(0) is bit-identical to leaving it out.
                weights[a] = 0.0 + HermiteSimpsonRule.StartWeightWith(rho1, rho2, endWeight, slopeWeight)
                    + HermiteSimpsonRule.FinishWeightWith(rho1Previous[a], rho2Previous[a], endWeight, slopeWeight);
                midpointWeights[a] = HermiteSimpsonRule.MidpointWeightWith(rho1, middleWeight);
                g1[a] += rho1 - 0.5 * rho2;
                g0[a] += -rho1 - 0.5 * rho2;
                gm[a] += rho2;
                rho1Previous[a] = rho1; // read above for this component only
                rho2Previous[a] = rho2;
            }
            AddProduct(x0, StimulusAt(n), g0);
            TModel.JacobianTransposeProduct(xm, _parameters, StimulusMid(n), _midpointWeights, _vjp);
            for (int a = 0; a < gm.Length; a++) gm[a] += vjp[a];
            vjpParameters.CopyTo(_midpointParameterProducts.AsSpan(n * p, p));
        }
        // The last grid point finishes step N − 1 only.
        for (int a = 0; a < weights.Length; a++) weights[a] = 0.0 + HermiteSimpsonRule.FinishWeight(rho1Previous[a], rho2Previous[a], dt);
        AddProduct(State(packed, _n), StimulusAt(_n), gradient.Slice(_n * d, d));

        Span<double> pg = _parameterGradient;
        for (int n = 0; n < _n; n++)
        {
            ReadOnlySpan<double> product = _midpointParameterProducts.AsSpan(n * p, p);
            for (int k = 0; k < pg.Length; k++) pg[k] += product[k];
        }
        return sum;
    }

    private double RungeKutta4(ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient)
    {
        double dt = _problem.Dt;
        int d = _d;
        Span<double> phi = _stage.AsSpan(0, d), cotangent = _stage.AsSpan(d, d), adjoint = _stage.AsSpan(2 * d, d);
        ReadOnlySpan<double> rf = _rf.AsSpan(0, d);
        double sum = 0;
        for (int n = 0; n < _n; n++)
        {
            ReadOnlySpan<double> x = packed.Slice(n * d, d), x1 = packed.Slice((n + 1) * d, d);
            ReadOnlySpan<double> u0 = StimulusAt(n), u1 = StimulusAt(n + 1), um = StimulusMid(n);
            _rk4.Stages(x, _parameters, u0, um, u1, dt);
            _rk4.Combine(x, dt, phi);
            if (!wantGradient)
            {
                for (int a = 0; a < rf.Length; a++)
                {
                    double r = x1[a] - phi[a];
                    double rho = rf[a] * r;
                    sum += 0.5 * rho * r;
                }
                continue;
            }

            Span<double> g1 = gradient.Slice((n + 1) * d, d);
            for (int a = 0; a < rf.Length; a++)
            {
                double r = x1[a] - phi[a];
                double rho = rf[a] * r;
                sum += 0.5 * rho * r;
                // r = x(n+1) − Φ(x(n)): ∂/∂x(n+1) = ρ, and −ρ is the cotangent the step's adjoint carries back to x(n).
                g1[a] += rho;
                cotangent[a] = -rho;
            }
            _rk4.AdjointOfStages(x, _parameters, u0, um, u1, dt, cotangent, adjoint, _parameterGradient);
            Span<double> g0 = gradient.Slice(n * d, d);
            for (int a = 0; a < g0.Length; a++) g0[a] += adjoint[a];
        }
        return sum;
    }
}
