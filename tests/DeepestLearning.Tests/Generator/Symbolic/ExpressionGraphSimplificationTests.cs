using DeepestLearning.Generator.Symbolic;
using Xunit;

namespace DeepestLearning.Tests.Generator.Symbolic;

/// <summary>
/// Every simplification the expression graph applies while it is built, one rule per test: the
/// result is the expected node (an existing operand, a constant, or a rewritten form), not merely
/// an equal value.
/// </summary>
public class ExpressionGraphSimplificationTests
{
    private readonly ExpressionGraph _g = new();
    private int X => _g.Variable(Op.State, 0);
    private int Y => _g.Variable(Op.State, 1);

    private double ConstantOf(int id)
    {
        Assert.True(_g.IsConstant(id, out double value), $"node {id} ({_g[id].Op}) is not a constant");
        return value;
    }

    [Fact]
    public void ConstantOperandsFold()
    {
        int two = _g.Constant(2.0), three = _g.Constant(3.0);
        Assert.Equal(5.0, ConstantOf(_g.Add(two, three)));
        Assert.Equal(-1.0, ConstantOf(_g.Subtract(two, three)));
        Assert.Equal(6.0, ConstantOf(_g.Multiply(two, three)));
        Assert.Equal(2.0 / 3.0, ConstantOf(_g.Divide(two, three)));
        Assert.Equal(8.0, ConstantOf(_g.Power(two, three)));
        Assert.Equal(-2.0, ConstantOf(_g.Negate(two)));
        Assert.Equal(System.Math.Exp(2.0), ConstantOf(_g.Unary(Op.Exp, two)));
        Assert.Equal(System.Math.Tanh(3.0), ConstantOf(_g.Unary(Op.Tanh, three)));
    }

    [Fact]
    public void DivisionByConstantZeroIsNotFolded()
    {
        int quotient = _g.Divide(_g.Constant(1.0), _g.Zero);
        Assert.Equal(Op.Divide, _g[quotient].Op); // the emitted code divides and gets ∞ at run time, as C# would
    }

    [Fact]
    public void AddingZeroIsTheOtherOperand()
    {
        Assert.Equal(X, _g.Add(X, _g.Zero));
        Assert.Equal(X, _g.Add(_g.Zero, X));
    }

    [Fact]
    public void AddingANegationIsASubtraction()
    {
        int sum = _g.Add(X, _g.Negate(Y));
        Assert.Equal(_g.Subtract(X, Y), sum);
        Assert.Equal(_g.Subtract(Y, X), _g.Add(_g.Negate(X), Y));
    }

    [Fact]
    public void AddingANodeToItselfDoubles()
    {
        int doubled = _g.Add(X, X);
        Assert.Equal(_g.Multiply(_g.Constant(2.0), X), doubled);
        Assert.Equal(Op.Multiply, _g[doubled].Op);
    }

    [Fact]
    public void SubtractingANodeFromItselfIsZero() => Assert.Equal(_g.Zero, _g.Subtract(X, X));

    [Fact]
    public void SubtractingZeroAndFromZero()
    {
        Assert.Equal(X, _g.Subtract(X, _g.Zero));
        Assert.Equal(_g.Negate(X), _g.Subtract(_g.Zero, X));
        Assert.Equal(Op.Negate, _g[_g.Subtract(_g.Zero, X)].Op);
    }

    [Fact]
    public void SubtractingANegationIsAnAddition() => Assert.Equal(_g.Add(X, Y), _g.Subtract(X, _g.Negate(Y)));

    [Fact]
    public void MultiplyingByZeroOneAndMinusOne()
    {
        Assert.Equal(_g.Zero, _g.Multiply(X, _g.Zero));
        Assert.Equal(_g.Zero, _g.Multiply(_g.Zero, X));
        Assert.Equal(X, _g.Multiply(X, _g.One));
        Assert.Equal(X, _g.Multiply(_g.One, X));
        int minusOne = _g.Constant(-1.0);
        Assert.Equal(_g.Negate(X), _g.Multiply(minusOne, X));
        Assert.Equal(_g.Negate(X), _g.Multiply(X, minusOne));
    }

    [Fact]
    public void NegationsMoveOutOfProductsAndQuotients()
    {
        int minusX = _g.Negate(X), minusY = _g.Negate(Y);
        Assert.Equal(_g.Multiply(X, Y), _g.Multiply(minusX, minusY));
        Assert.Equal(_g.Negate(_g.Multiply(X, Y)), _g.Multiply(minusX, Y));
        Assert.Equal(_g.Negate(_g.Multiply(X, Y)), _g.Multiply(X, minusY));
        Assert.Equal(_g.Divide(X, Y), _g.Divide(minusX, minusY));
        Assert.Equal(_g.Negate(_g.Divide(X, Y)), _g.Divide(minusX, Y));
        Assert.Equal(_g.Negate(_g.Divide(X, Y)), _g.Divide(X, minusY));
    }

    [Fact]
    public void DividingZeroByAnythingButZeroIsZero() => Assert.Equal(_g.Zero, _g.Divide(_g.Zero, X));

    [Fact]
    public void DividingByOneMinusOneAndItself()
    {
        Assert.Equal(X, _g.Divide(X, _g.One));
        Assert.Equal(_g.Negate(X), _g.Divide(X, _g.Constant(-1.0)));
        Assert.Equal(_g.One, _g.Divide(X, X));
    }

    [Fact]
    public void DoubleNegationAndNegatedDifference()
    {
        Assert.Equal(X, _g.Negate(_g.Negate(X)));
        Assert.Equal(_g.Subtract(Y, X), _g.Negate(_g.Subtract(X, Y)));
    }

    [Fact]
    public void IntegerPowersBecomeProductsBySquaring()
    {
        Assert.Equal(_g.One, _g.Power(X, _g.Constant(0.0)));
        Assert.Equal(X, _g.Power(X, _g.One));
        int square = _g.Multiply(X, X);
        Assert.Equal(square, _g.Power(X, _g.Constant(2.0)));
        Assert.Equal(_g.Multiply(square, X), _g.Power(X, _g.Constant(3.0)));
        Assert.Equal(_g.Multiply(square, square), _g.Power(X, _g.Constant(4.0)));
        Assert.Equal(_g.Divide(_g.One, square), _g.Power(X, _g.Constant(-2.0)));
    }

    [Fact]
    public void PowerOneHalfIsASquareRoot() => Assert.Equal(_g.Unary(Op.Sqrt, X), _g.Power(X, _g.Constant(0.5)));

    [Fact]
    public void OtherPowersStayPowers()
    {
        Assert.Equal(Op.Power, _g[_g.Power(X, _g.Constant(1.5))].Op);
        Assert.Equal(Op.Power, _g[_g.Power(X, _g.Constant(65.0))].Op); // integer, but beyond the unrolling limit of 64
        Assert.Equal(Op.Power, _g[_g.Power(X, Y)].Op);
    }

    [Fact]
    public void AbsoluteValueOfNonNegativeNodesAndNegations()
    {
        int abs = _g.Unary(Op.Abs, X);
        Assert.Equal(abs, _g.Unary(Op.Abs, abs));
        int exp = _g.Unary(Op.Exp, X), sqrt = _g.Unary(Op.Sqrt, X);
        Assert.Equal(exp, _g.Unary(Op.Abs, exp));
        Assert.Equal(sqrt, _g.Unary(Op.Abs, sqrt));
        Assert.Equal(abs, _g.Unary(Op.Abs, _g.Negate(X)));
    }

    [Fact]
    public void LogarithmOfExponentialIsTheArgument() => Assert.Equal(X, _g.Unary(Op.Log, _g.Unary(Op.Exp, X)));

    [Fact]
    public void UnaryNegateGoesThroughNegate() => Assert.Equal(X, _g.Unary(Op.Negate, _g.Negate(X)));
}
