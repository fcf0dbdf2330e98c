using System;

namespace DeepestLearning.Fuzzing;

/// <summary>
/// What every generated model must satisfy at a random point: the vector field equals the user's
/// C# (compiled by C#, not interpreted), the Jacobian equals central differences of it with the
/// pattern exact both ways, wᵀJ equals the Jacobian's transpose product, and Σᵢ wᵢ∇²Fᵢ equals
/// central differences of wᵀJ with its lower-triangle pattern exact both ways. The tolerances are
/// those of the suite's DerivativeChecks. Throws <see cref="FuzzFailure"/>.
/// </summary>
public static class DerivativeProperties
{
    /// <summary>
    /// Checks <paramref name="points"/> random points. A pattern entry must be non-zero at one of them
    /// at least: at a single point a structurally present entry can vanish legitimately (d(x − |x|)/dx
    /// is 0 wherever x &gt; 0), but not everywhere.
    /// </summary>
    public static void Check(LoadedModel model, Random random, int points = 4)
    {
        var jacobianSeen = new bool[model.JacobianPattern.NonZeroCount];
        var secondSeen = new bool[model.SecondDerivativePattern.NonZeroCount];
        for (int n = 0; n < points; n++)
        {
            double[] x = Uniform(random, model.States), p = Uniform(random, model.Parameters), u = Uniform(random, model.Stimuli);
            VectorFieldMatchesUserCode(model, x, p, u);
            double[,] jacobian = JacobianMatchesCentralDifferences(model, x, p, u, jacobianSeen);
            double[] w = Uniform(random, model.States);
            TransposeProductMatchesJacobian(model, x, p, u, w, jacobian);
            SecondDerivativeMatchesDifferences(model, x, p, u, w, secondSeen);
        }
        RequireSeen(model, model.JacobianPattern, jacobianSeen, "J");
        RequireSeen(model, model.SecondDerivativePattern, secondSeen, "H");
    }

    private static void RequireSeen(LoadedModel model, SparsityPattern pattern, bool[] seen, string name)
    {
        for (int r = 0; r < pattern.RowCount; r++)
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
                Require(seen[e], model, $"{name}[{r},{pattern.ColumnIndex[e]}] is in the pattern but zero at every random point");
    }

    private static double[] Uniform(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = random.Next(2) == 0 ? -0.5 - random.NextDouble() : 0.5 + random.NextDouble();
        return values;
    }

    private static double[] F(LoadedModel model, double[] x, double[] p, double[] u)
    {
        var f = new double[model.States];
        model.VectorField(x, p, u, f);
        return f;
    }

    private static void Require(bool condition, LoadedModel model, string message)
    {
        if (!condition) throw new FuzzFailure(model.Name + ": " + message);
    }

    /// <summary>Equal to rounding: the generator may turn Pow(a, 3) into products and Log10 into Log / ln 10.</summary>
    private static void VectorFieldMatchesUserCode(LoadedModel model, double[] x, double[] p, double[] u)
    {
        double[] generated = F(model, x, p, u);
        var reference = new double[model.States];
        model.UserVectorField(x, p, u, reference);
        for (int i = 0; i < model.States; i++)
            Require(Math.Abs(generated[i] - reference[i]) <= 1e-9 * (1 + Math.Abs(reference[i])), model,
                $"VectorField[{i}] = {generated[i]:R} but the user's code gives {reference[i]:R}");
    }

    private static (double[] X, double[] P) Split(LoadedModel model, double[] z) => (z[..model.States], z[model.States..]);

    private static double[,] JacobianMatchesCentralDifferences(LoadedModel model, double[] x, double[] p, double[] u, bool[] seen)
    {
        SparsityPattern pattern = model.JacobianPattern;
        Require(pattern.RowCount == model.States && pattern.ColumnCount == model.Columns, model, "Jacobian pattern has the wrong shape");
        var values = new double[pattern.NonZeroCount];
        model.Jacobian(x, p, u, values);
        double[,] jacobian = Dense(pattern, values);
        double[] f0 = F(model, x, p, u);
        double[] z = [.. x, .. p];
        for (int j = 0; j < model.Columns; j++)
        {
            double h = 1e-6 * Math.Max(1.0, Math.Abs(z[j]));
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[j] += h;
            minus[j] -= h;
            var (xp, pp) = Split(model, plus);
            var (xm, pm) = Split(model, minus);
            double[] fPlus = F(model, xp, pp, u), fMinus = F(model, xm, pm, u);
            for (int i = 0; i < model.States; i++)
            {
                double fd = (fPlus[i] - fMinus[i]) / (2 * h);
                Require(Math.Abs(fd - jacobian[i, j]) <= 1e-6 * Math.Max(1.0, Math.Abs(jacobian[i, j])), model,
                    $"J[{i},{j}] = {jacobian[i, j]:R} but central difference = {fd:R}");
                int entry = pattern.IndexOf(i, j);
                if (entry >= 0) seen[entry] |= jacobian[i, j] != 0.0;
                else Require(Math.Abs(fd) <= 1e-7 * Math.Max(1.0, Math.Abs(f0[i])), model, $"J[{i},{j}] = {fd:R} by finite differences but is outside the pattern");
            }
        }
        return jacobian;
    }

    private static void TransposeProductMatchesJacobian(LoadedModel model, double[] x, double[] p, double[] u, double[] w, double[,] jacobian)
    {
        var product = new double[model.Columns];
        model.TransposeProduct(x, p, u, w, product);
        for (int j = 0; j < model.Columns; j++)
        {
            double expected = 0, scale = 0;
            for (int i = 0; i < model.States; i++)
            {
                expected += w[i] * jacobian[i, j];
                scale += Math.Abs(w[i] * jacobian[i, j]);
            }
            // Relative to Σ|wᵢJᵢⱼ|, floored at 1: a Jacobian entry that cancels to far below its O(1) terms
            // (a random model can make one 1e-22) carries rounding of the terms' size, not of its own.
            Require(Math.Abs(product[j] - expected) <= 1e-13 * Math.Max(scale, 1.0), model, $"(wᵀJ)[{j}] = {product[j]:R}, Jᵀw = {expected:R}");
        }
    }

    private static void SecondDerivativeMatchesDifferences(LoadedModel model, double[] x, double[] p, double[] u, double[] w, bool[] seen)
    {
        SparsityPattern pattern = model.SecondDerivativePattern;
        Require(pattern.RowCount == model.Columns && pattern.ColumnCount == model.Columns, model, "second-derivative pattern has the wrong shape");
        var values = new double[pattern.NonZeroCount];
        model.SecondDerivative(x, p, u, w, values);
        double[,] hessian = Dense(pattern, values);
        double[] z = [.. x, .. p];
        var g0 = new double[model.Columns];
        model.TransposeProduct(x, p, u, w, g0);
        for (int k = 0; k < model.Columns; k++)
        {
            double h = 1e-5 * Math.Max(1.0, Math.Abs(z[k]));
            double[] plus = (double[])z.Clone(), minus = (double[])z.Clone();
            plus[k] += h;
            minus[k] -= h;
            var (xp, pp) = Split(model, plus);
            var (xm, pm) = Split(model, minus);
            double[] gPlus = new double[model.Columns], gMinus = new double[model.Columns];
            model.TransposeProduct(xp, pp, u, w, gPlus);
            model.TransposeProduct(xm, pm, u, w, gMinus);
            for (int j = k; j < model.Columns; j++)
            {
                double fd = (gPlus[j] - gMinus[j]) / (2 * h);
                Require(Math.Abs(fd - hessian[j, k]) <= 1e-5 * Math.Max(1.0, Math.Abs(hessian[j, k])), model,
                    $"H[{j},{k}] = {hessian[j, k]:R} but difference of wᵀJ = {fd:R}");
                int entry = pattern.IndexOf(j, k);
                if (entry >= 0) seen[entry] |= hessian[j, k] != 0.0;
                else Require(Math.Abs(fd) <= 1e-6 * Math.Max(1.0, Math.Abs(g0[j])), model, $"H[{j},{k}] = {fd:R} by differences but is outside the pattern");
            }
        }
        for (int r = 0; r < pattern.RowCount; r++)
            for (int e = pattern.RowStart[r]; e < pattern.RowStart[r + 1]; e++)
                Require(pattern.ColumnIndex[e] <= r, model, $"second-derivative entry ({r},{pattern.ColumnIndex[e]}) is above the diagonal");
    }

    private static double[,] Dense(SparsityPattern pattern, double[] values)
    {
        var dense = new double[pattern.RowCount, pattern.ColumnCount];
        for (int r = 0; r < pattern.RowCount; r++)
            for (int k = pattern.RowStart[r]; k < pattern.RowStart[r + 1]; k++)
                dense[r, pattern.ColumnIndex[k]] = values[k];
        return dense;
    }
}
