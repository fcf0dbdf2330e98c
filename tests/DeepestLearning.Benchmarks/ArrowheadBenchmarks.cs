using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace DeepestLearning.Benchmarks;

/// <summary>
/// The arrowhead LDLᵀ on the shape of the neuron's trapezoid Hessian (4 states per time point,
/// coupled to the neighbours, 19 parameter rows as the border) for N = 10³, 10⁴, 10⁵ time
/// points: factorization, solve and selected inversion (the diagonal of the inverse and the
/// parameter block, for error bands) should grow linearly in N.
/// </summary>
[MemoryDiagnoser]
public class ArrowheadBenchmarks
{
    private const int Block = 4, Border = 19;

    [Params(1_000, 10_000, 100_000)]
    public int N;

    private ArrowheadLdlt _ldlt = null!;
    private double[] _values = null!, _rhs = null!, _solution = null!, _diagonal = null!, _borderBlock = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int band = N * Block, n = band + Border;
        var rowStart = new int[n + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (int i = 0; i < n; i++)
        {
            int first = i < band ? Math.Max(0, (i / Block - 1) * Block) : 0; // previous and own time point, or everything (border)
            double offDiagonal = 0;
            for (int j = first; j < i; j++)
            {
                double v = (i < band ? 0.5 : 0.01) * (2 * random.NextDouble() - 1);
                columns.Add(j);
                values.Add(v);
                offDiagonal += Math.Abs(v);
            }
            columns.Add(i);
            values.Add(i < band ? 4.0 + Border * 0.01 + offDiagonal : band * 0.02 + 1.0); // diagonally dominant: positive definite
            rowStart[i + 1] = columns.Count;
        }
        var pattern = new SparsityPattern(n, n, rowStart, columns.ToArray());
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        _ldlt = new ArrowheadLdlt(pattern, order, Border);
        _values = values.ToArray();
        _rhs = new double[n];
        for (int i = 0; i < n; i++) _rhs[i] = 2 * random.NextDouble() - 1;
        _solution = new double[n];
        _diagonal = new double[n];
        _borderBlock = new double[Border * Border];
        if (!_ldlt.Factor(_values)) throw new InvalidOperationException("benchmark matrix is not positive definite");
    }

    [Benchmark]
    public bool Factor() => _ldlt.Factor(_values);

    /// <summary>After a Factor (the matrix stays factored between iterations): the diagonal of M⁻¹ and its border block.</summary>
    [Benchmark]
    public double SelectedInverse()
    {
        _ldlt.SelectedInverse(_diagonal, _borderBlock);
        return _diagonal[0];
    }

    [Benchmark]
    public double Solve()
    {
        _ldlt.Solve(_rhs, _solution);
        return _solution[0];
    }
}
