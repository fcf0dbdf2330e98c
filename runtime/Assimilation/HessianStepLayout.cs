using System;

namespace DeepestLearning;

/// <summary>
/// Where a step's local variables live in the packed vector. A step of the action touches its
/// local points — x(n), x(n+1) and, for Hermite–Simpson, the midpoint x(n+½) — and the estimated
/// parameters; "local column" numbers them as local point · D + component, then the estimated
/// parameters. The parts of <see cref="ActionHessian{TModel}"/> build their structure in local
/// columns once and map it to packed indices with this.
/// </summary>
internal sealed class HessianStepLayout
{
    private readonly int _steps, _d, _parameterOffset;
    private readonly int[] _estimatedSlot; // full parameter index → estimated index, or −1 when fixed

    /// <summary>The layout of a problem with <paramref name="steps"/> steps and <paramref name="pointsPerStep"/> local points per step.</summary>
    public HessianStepLayout(int steps, int stateCount, int pointsPerStep, int parameterOffset, int[] estimatedParameters, int parameterCount)
    {
        _steps = steps;
        _d = stateCount;
        PointsPerStep = pointsPerStep;
        _parameterOffset = parameterOffset;
        _estimatedSlot = new int[parameterCount];
        Array.Fill(_estimatedSlot, -1);
        for (int k = 0; k < estimatedParameters.Length; k++) _estimatedSlot[estimatedParameters[k]] = k;
    }

    /// <summary>Local points per step: 2, or 3 with the midpoint.</summary>
    public int PointsPerStep { get; }

    /// <summary>The estimated index of full parameter <paramref name="parameter"/>, or −1 when it is fixed.</summary>
    public int EstimatedSlot(int parameter) => _estimatedSlot[parameter];

    /// <summary>Global point index of local point lp of a step: x(n), x(n+1), then the midpoint x(n+½).</summary>
    public int PointIndex(int step, int lp) => lp < 2 ? step + lp : _steps + 1 + step;

    /// <summary>Packed index of a step's local column.</summary>
    public int GlobalColumn(int step, int local)
    {
        int states = PointsPerStep * _d;
        return local < states ? PointIndex(step, local / _d) * _d + local % _d : _parameterOffset + (local - states);
    }

    /// <summary>Packed index of (x, p) index <paramref name="index"/> of the model at a point, or −1 for a fixed parameter.</summary>
    public int PointVariable(int point, int index)
    {
        if (index < _d) return point * _d + index;
        int slot = _estimatedSlot[index - _d];
        return slot < 0 ? -1 : _parameterOffset + slot;
    }

    /// <summary>The position of (i, j) or (j, i), whichever is in the lower triangle, in <paramref name="pattern"/>.</summary>
    /// <exception cref="InvalidOperationException">The entry is missing: the structure and the pattern disagree (a bug).</exception>
    public static int Position(SparsityPattern pattern, int i, int j)
    {
        int position = i >= j ? pattern.IndexOf(i, j) : pattern.IndexOf(j, i);
        if (position < 0) throw new InvalidOperationException($"internal error: Hessian entry ({i}, {j}) is missing from the pattern.");
        return position;
    }
}
