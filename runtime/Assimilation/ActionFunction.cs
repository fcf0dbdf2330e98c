using System;

namespace DeepestLearning;

/// <summary>
/// The action A(X, p) = Σ R_m/2 (x_l(n) − y_l(n))² + Σ R_f/2 r(n)² and its exact gradient for
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
    private readonly double[] _rho;      // R_f ∘ r for every residual
    private readonly double[] _weights;  // vector–Jacobian weights for one point
    private readonly double[] _vjp;      // (D + P) product
    private readonly double[] _parameterGradient;
    private readonly double[] _stimulusMid;
    private readonly double[] _stage;    // RK4 scratch: y2, y3, y4, k1..k4, adjoints
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
        _rho = new double[2 * _n * _d];
        _weights = new double[_d];
        _vjp = new double[_d + _p];
        _parameterGradient = new double[_p];
        _stimulusMid = new double[_u];
        _stage = new double[12 * _d];
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
    /// <param name="rf">D model precisions, each positive and finite.</param>
    /// <exception cref="ArgumentException"><paramref name="rf"/> has the wrong length or a value that is not positive and finite.</exception>
    public void SetModelPrecision(ReadOnlySpan<double> rf)
    {
        ModelPrecisionArgument.CheckAndCopy(rf, _rf);
        _hessian?.SetModelPrecision(rf);
    }

    /// <summary>R_f0 per state component: the base that <see cref="SetPrecisionScale"/> multiplies (ones until set).</summary>
    public ReadOnlySpan<double> BasePrecision => _rf0;

    /// <summary>Sets R_f0 per state component; R_f itself changes at the next <see cref="SetPrecisionScale"/>.</summary>
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
        if (packed.Length != Dimension) throw new ArgumentException($"packed must have {Dimension} entries, not {packed.Length}.", nameof(packed));
        bool wantGradient = !gradient.IsEmpty;
        if (wantGradient)
        {
            if (gradient.Length != Dimension) throw new ArgumentException($"gradient must have {Dimension} entries, not {gradient.Length}.", nameof(gradient));
            gradient.Clear();
            Array.Clear(_parameterGradient);
        }
        _problem.FullParameters(packed, _parameters);

        double measurement = MeasurementTerm(packed, gradient, wantGradient);
        double model = _problem.Discretization switch
        {
            Discretization.ForwardEuler => EulerOrTrapezoid(packed, gradient, wantGradient, trapezoid: false),
            Discretization.Trapezoid => EulerOrTrapezoid(packed, gradient, wantGradient, trapezoid: true),
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

    private double MeasurementTerm(ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient)
    {
        Observations obs = _problem.Observations;
        int[] components = obs.Components;
        double[] rm = _problem.MeasurementPrecision;
        double sum = 0;
        for (int row = 0; row < obs.Times.Length; row++)
        {
            int baseIndex = obs.Times[row] * _d;
            for (int c = 0; c < components.Length; c++)
            {
                int index = baseIndex + components[c];
                double e = packed[index] - obs.Values[row * components.Length + c];
                sum += 0.5 * rm[c] * e * e;
                if (wantGradient) gradient[index] += rm[c] * e;
            }
        }
        return sum;
    }

    private ReadOnlySpan<double> State(ReadOnlySpan<double> packed, int point) => packed.Slice(point * _d, _d);

    private ReadOnlySpan<double> StimulusAt(int n) => _u == 0 ? ReadOnlySpan<double>.Empty : _problem.Stimulus.AsSpan(n * _u, _u);

    private ReadOnlySpan<double> StimulusMid(int n)
    {
        if (_u == 0) return ReadOnlySpan<double>.Empty;
        double[] s = _problem.Stimulus;
        for (int k = 0; k < _u; k++) _stimulusMid[k] = 0.5 * (s[n * _u + k] + s[(n + 1) * _u + k]);
        return _stimulusMid;
    }

    /// <summary>Adds wᵀ ∂F/∂(x,p) at a point into the gradient (state block at <paramref name="offset"/>) and the parameter accumulator.</summary>
    private void AddProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> u, Span<double> gradient, int offset)
    {
        TModel.JacobianTransposeProduct(x, _parameters, u, _weights, _vjp);
        Span<double> g = gradient.Slice(offset, _d);
        for (int a = 0; a < _d; a++) g[a] += _vjp[a];
        for (int k = 0; k < _p; k++) _parameterGradient[k] += _vjp[_d + k];
    }

    private double EulerOrTrapezoid(ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient, bool trapezoid)
    {
        double dt = _problem.Dt;
        int points = trapezoid ? _n + 1 : _n;
        for (int n = 0; n < points; n++) TModel.VectorField(State(packed, n), _parameters, StimulusAt(n), _f.AsSpan(n * _d, _d));

        double sum = 0, half = trapezoid ? 0.5 * dt : dt;
        for (int n = 0; n < _n; n++)
        {
            ReadOnlySpan<double> x0 = State(packed, n), x1 = State(packed, n + 1);
            for (int a = 0; a < _d; a++)
            {
                double drift = trapezoid ? half * (_f[n * _d + a] + _f[(n + 1) * _d + a]) : dt * _f[n * _d + a];
                double r = x1[a] - x0[a] - drift;
                double rho = _rf[a] * r;
                sum += 0.5 * rho * r;
                _rho[n * _d + a] = rho;
                if (wantGradient)
                {
                    gradient[(n + 1) * _d + a] += rho;
                    gradient[n * _d + a] -= rho;
                }
            }
        }
        if (!wantGradient) return sum;

        // Point n carries −Δt/2 (ρ(n−1) + ρ(n)) for the trapezoid, −Δt ρ(n) for Euler.
        for (int n = 0; n < points; n++)
        {
            for (int a = 0; a < _d; a++)
            {
                double w = n < _n ? _rho[n * _d + a] : 0.0;
                if (trapezoid && n > 0) w += _rho[(n - 1) * _d + a];
                _weights[a] = -half * w;
            }
            AddProduct(State(packed, n), StimulusAt(n), gradient, n * _d);
        }
        return sum;
    }

    private double HermiteSimpson(ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient)
    {
        double dt = _problem.Dt;
        int mid0 = _n + 1; // first midpoint "point" index in the packed vector
        for (int n = 0; n <= _n; n++) TModel.VectorField(State(packed, n), _parameters, StimulusAt(n), _f.AsSpan(n * _d, _d));
        for (int n = 0; n < _n; n++) TModel.VectorField(State(packed, mid0 + n), _parameters, StimulusMid(n), _f.AsSpan((mid0 + n) * _d, _d));

        double sum = 0;
        int second = _n * _d; // ρ₂ block offset in _rho
        for (int n = 0; n < _n; n++)
        {
            ReadOnlySpan<double> x0 = State(packed, n), x1 = State(packed, n + 1), xm = State(packed, mid0 + n);
            for (int a = 0; a < _d; a++)
            {
                double f0 = _f[n * _d + a], f1 = _f[(n + 1) * _d + a], fm = _f[(mid0 + n) * _d + a];
                double r1 = x1[a] - x0[a] - dt / 6.0 * (f0 + 4.0 * fm + f1);
                double r2 = xm[a] - 0.5 * (x0[a] + x1[a]) - dt / 8.0 * (f0 - f1);
                double rho1 = _rf[a] * r1, rho2 = _rf[a] * r2;
                sum += 0.5 * (rho1 * r1 + rho2 * r2);
                _rho[n * _d + a] = rho1;
                _rho[second + n * _d + a] = rho2;
                if (wantGradient)
                {
                    gradient[(n + 1) * _d + a] += rho1 - 0.5 * rho2;
                    gradient[n * _d + a] += -rho1 - 0.5 * rho2;
                    gradient[(mid0 + n) * _d + a] += rho2;
                }
            }
        }
        if (!wantGradient) return sum;

        for (int n = 0; n <= _n; n++)
        {
            for (int a = 0; a < _d; a++)
            {
                double w = 0;
                if (n < _n) w += -dt / 6.0 * _rho[n * _d + a] - dt / 8.0 * _rho[second + n * _d + a];
                if (n > 0) w += -dt / 6.0 * _rho[(n - 1) * _d + a] + dt / 8.0 * _rho[second + (n - 1) * _d + a];
                _weights[a] = w;
            }
            AddProduct(State(packed, n), StimulusAt(n), gradient, n * _d);
        }
        for (int n = 0; n < _n; n++)
        {
            for (int a = 0; a < _d; a++) _weights[a] = -4.0 * dt / 6.0 * _rho[n * _d + a];
            AddProduct(State(packed, mid0 + n), StimulusMid(n), gradient, (mid0 + n) * _d);
        }
        return sum;
    }

    private double RungeKutta4(ReadOnlySpan<double> packed, Span<double> gradient, bool wantGradient)
    {
        double dt = _problem.Dt;
        Span<double> s = _stage;
        Span<double> y2 = s.Slice(0, _d), y3 = s.Slice(_d, _d), y4 = s.Slice(2 * _d, _d);
        Span<double> k1 = s.Slice(3 * _d, _d), k2 = s.Slice(4 * _d, _d), k3 = s.Slice(5 * _d, _d), k4 = s.Slice(6 * _d, _d);
        Span<double> kb = s.Slice(7 * _d, _d), xbar = s.Slice(8 * _d, _d), rho = s.Slice(9 * _d, _d);
        double sum = 0;
        for (int n = 0; n < _n; n++)
        {
            ReadOnlySpan<double> x = State(packed, n), x1 = State(packed, n + 1);
            ReadOnlySpan<double> u0 = StimulusAt(n), u1 = StimulusAt(n + 1);
            TModel.VectorField(x, _parameters, u0, k1);
            for (int a = 0; a < _d; a++) y2[a] = x[a] + 0.5 * dt * k1[a];
            ReadOnlySpan<double> um = StimulusMid(n);
            TModel.VectorField(y2, _parameters, um, k2);
            for (int a = 0; a < _d; a++) y3[a] = x[a] + 0.5 * dt * k2[a];
            TModel.VectorField(y3, _parameters, um, k3);
            for (int a = 0; a < _d; a++) y4[a] = x[a] + dt * k3[a];
            TModel.VectorField(y4, _parameters, u1, k4);
            for (int a = 0; a < _d; a++)
            {
                double phi = x[a] + dt / 6.0 * (k1[a] + 2.0 * k2[a] + 2.0 * k3[a] + k4[a]);
                double r = x1[a] - phi;
                rho[a] = _rf[a] * r;
                sum += 0.5 * rho[a] * r;
            }
            if (!wantGradient) continue;

            // ∂/∂x(n+1) = ρ; ∂/∂x(n) = −Φ'ᵀρ, by reverse sweep through the four stages.
            Span<double> g1 = gradient.Slice((n + 1) * _d, _d), g0 = gradient.Slice(n * _d, _d);
            for (int a = 0; a < _d; a++)
            {
                g1[a] += rho[a];
                xbar[a] = -rho[a];
            }
            // stage 4: k4 = F(y4), y4 = x + dt k3; k̄4 = dt/6 λ with λ = −ρ the cotangent of Φ
            for (int a = 0; a < _d; a++) _weights[a] = dt / 6.0 * xbar[a];
            StageProduct(y4, u1);
            for (int a = 0; a < _d; a++) kb[a] = dt / 6.0 * 2.0 * (-rho[a]) + dt * _vjp[a]; // k̄3
            AddStates(xbar, _vjp);
            // stage 3: k3 = F(y3), y3 = x + dt/2 k2
            kb.CopyTo(_weights);
            StageProduct(y3, um);
            for (int a = 0; a < _d; a++) kb[a] = dt / 6.0 * 2.0 * (-rho[a]) + 0.5 * dt * _vjp[a]; // k̄2
            AddStates(xbar, _vjp);
            // stage 2: k2 = F(y2), y2 = x + dt/2 k1
            kb.CopyTo(_weights);
            StageProduct(y2, um);
            for (int a = 0; a < _d; a++) kb[a] = dt / 6.0 * (-rho[a]) + 0.5 * dt * _vjp[a]; // k̄1
            AddStates(xbar, _vjp);
            // stage 1: k1 = F(x)
            kb.CopyTo(_weights);
            StageProduct(x, u0);
            AddStates(xbar, _vjp);
            for (int a = 0; a < _d; a++) g0[a] += xbar[a];
        }
        return sum;
    }

    /// <summary>_vjp = _weightsᵀ ∂F/∂(x,p) at a stage; the parameter part goes straight to the accumulator.</summary>
    private void StageProduct(ReadOnlySpan<double> y, ReadOnlySpan<double> u)
    {
        TModel.JacobianTransposeProduct(y, _parameters, u, _weights, _vjp);
        for (int k = 0; k < _p; k++) _parameterGradient[k] += _vjp[_d + k];
    }

    /// <summary>target += the state part of a (D + P) product.</summary>
    private void AddStates(Span<double> target, ReadOnlySpan<double> product)
    {
        for (int a = 0; a < _d; a++) target[a] += product[a];
    }
}
