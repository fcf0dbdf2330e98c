using System;
using System.Collections.Generic;
using System.Threading;
using DeepestLearning.Generator.Diagnostics;
using DeepestLearning.Generator.Model;
using DeepestLearning.Generator.Symbolic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeepestLearning.Generator.Parsing;

/// <summary>
/// Runs the body of a [VectorField] method symbolically: integer arithmetic and loops with
/// constant bounds are executed (unrolled) at compile time, every double value becomes a node
/// of the expression graph, locals are rebound on each assignment (SSA), and [Activation]
/// calls are inlined. Anything outside the accepted subset stops with a located diagnostic.
/// </summary>
internal sealed class BodyInterpreter
{
    private const int StatementLimit = 2_000_000;

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _modelType;
    private readonly Dictionary<IParameterSymbol, InputRole> _roles;
    private readonly int[] _counts; // by InputRole
    private readonly CancellationToken _cancellation;
    private readonly Dictionary<ISymbol, Value> _env = new(SymbolEqualityComparer.Default);
    private readonly Stack<IMethodSymbol> _activations = new();
    private readonly string _methodName;
    private int _statements;
    private int? _returnValue;
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly Dictionary<SyntaxNode, ISymbol?> _symbols = new();
    private readonly Dictionary<SyntaxNode, Optional<object?>> _constants = new();
    private readonly Dictionary<SyntaxNode, ITypeSymbol?> _types = new();

    public BodyInterpreter(Compilation compilation, INamedTypeSymbol modelType, IMethodSymbol vectorField,
        Dictionary<IParameterSymbol, InputRole> roles, int states, int parameters, int stimuli, CancellationToken cancellation)
    {
        _compilation = compilation;
        _modelType = modelType;
        _roles = roles;
        _counts = new[] { states, parameters, stimuli, states };
        _cancellation = cancellation;
        _methodName = vectorField.Name;
        Outputs = new int[states];
        for (int i = 0; i < states; i++) Outputs[i] = -1;
        ParameterRead = new bool[parameters];
        StimulusRead = new bool[stimuli];
    }

    public ExpressionGraph Graph { get; } = new();

    /// <summary>How diagnostics name the declaring attribute and its counts (a network says LayeredNetwork, Width, WeightsPerLayer).</summary>
    public string AttributeName { get; set; } = "DynamicalModel";
    public string StateCountName { get; set; } = "States";
    public string ParameterCountName { get; set; } = "Parameters";
    public int[] Outputs { get; }
    public bool[] ParameterRead { get; }
    public bool[] StimulusRead { get; }

    public void Run(SyntaxNode body)
    {
        if (body is BlockSyntax block) ExecuteBlock(block);
        else if (body is ArrowExpressionClauseSyntax arrow) ExecuteExpressionStatement(arrow.Expression);
    }

    // ---------------------------------------------------------------- statements

    /// <summary>Executes one statement; returns false once a return statement has run.</summary>
    private bool Execute(StatementSyntax statement)
    {
        if (statement is not BlockSyntax) Tick(statement);

        switch (statement)
        {
            case BlockSyntax block:
                return ExecuteBlock(block);
            case EmptyStatementSyntax:
                return true;
            case LocalDeclarationStatementSyntax declaration:
                Declare(declaration.Declaration);
                return true;
            case ExpressionStatementSyntax expression:
                ExecuteExpressionStatement(expression.Expression);
                return true;
            case ForStatementSyntax loop:
                return ExecuteFor(loop);
            case IfStatementSyntax branch:
            {
                bool condition = EvaluateCondition(branch.Condition);
                if (condition) return Execute(branch.Statement);
                return branch.Else is null || Execute(branch.Else.Statement);
            }
            case ReturnStatementSyntax ret:
                if (ret.Expression is not null)
                {
                    if (_activations.Count == 0) throw Fail(DiagnosticDescriptors.UnsupportedExpression, ret.Expression, ret.Expression.ToString(), "a vector field returns nothing");
                    _returnValue = Double(ret.Expression);
                }
                return false;
            default:
                throw Fail(DiagnosticDescriptors.UnsupportedStatement, statement, StatementKind(statement));
        }
    }

    private bool ExecuteBlock(BlockSyntax block)
    {
        foreach (StatementSyntax statement in block.Statements)
            if (!Execute(statement)) return false;
        return true;
    }

    private static string StatementKind(StatementSyntax statement) => statement switch
    {
        WhileStatementSyntax => "while",
        DoStatementSyntax => "do",
        ForEachStatementSyntax => "foreach",
        SwitchStatementSyntax => "switch",
        BreakStatementSyntax => "break",
        ContinueStatementSyntax => "continue",
        GotoStatementSyntax => "goto",
        TryStatementSyntax => "try",
        ThrowStatementSyntax => "throw",
        UsingStatementSyntax => "using",
        LockStatementSyntax => "lock",
        LocalFunctionStatementSyntax => "local function",
        _ => statement.Kind().ToString(),
    };

    private bool ExecuteFor(ForStatementSyntax loop)
    {
        if (loop.Declaration is not null) Declare(loop.Declaration);
        foreach (ExpressionSyntax initializer in loop.Initializers) ExecuteExpressionStatement(initializer);
        while (loop.Condition is null || EvaluateCondition(loop.Condition))
        {
            if (loop.Condition is null) throw Fail(DiagnosticDescriptors.UnsupportedStatement, loop, "for without a condition");
            if (!Execute(loop.Statement)) return false;
            foreach (ExpressionSyntax increment in loop.Incrementors) ExecuteExpressionStatement(increment);
            Tick(loop);
        }
        return true;
    }

    /// <summary>Counts evaluated statements so that a runaway loop ends with a diagnostic, not a hung build.</summary>
    private void Tick(SyntaxNode at)
    {
        if (++_statements > StatementLimit)
            throw Fail(DiagnosticDescriptors.UnrollLimit, at, _methodName, StatementLimit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        if ((_statements & 1023) == 0) _cancellation.ThrowIfCancellationRequested();
    }

    private bool EvaluateCondition(ExpressionSyntax condition) =>
        Boolean(condition) ?? throw Fail(DiagnosticDescriptors.StateDependentBranch, condition, condition.ToString());

    private void Declare(VariableDeclarationSyntax declaration)
    {
        foreach (VariableDeclaratorSyntax variable in declaration.Variables)
        {
            var local = (ILocalSymbol)Model(variable).GetDeclaredSymbol(variable)!;
            if (local.IsConst) continue; // read through the semantic model's constant value
            ITypeSymbol type = local.Type;
            ExpressionSyntax? initializer = variable.Initializer?.Value;
            if (IsInteger(type))
                _env[local] = initializer is null ? Value.Unassigned : Value.FromInt(Integer(initializer) ?? throw NotConstantInteger(initializer));
            else if (IsFloating(type))
                _env[local] = initializer is null ? Value.Unassigned : Value.FromNode(Double(initializer));
            else if (type.SpecialType == SpecialType.System_Boolean)
                _env[local] = initializer is null ? Value.Unassigned : Value.FromBool(Boolean(initializer) ?? throw Fail(DiagnosticDescriptors.StateDependentBranch, initializer, initializer.ToString()));
            else
                throw Fail(DiagnosticDescriptors.UnsupportedLocal, variable, local.Name, $"has type '{type.ToDisplayString()}'; only double, int and bool locals are supported");
        }
    }

    private void ExecuteExpressionStatement(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case AssignmentExpressionSyntax assignment:
                Assign(assignment);
                return;
            case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                Step(postfix.Operand, postfix.IsKind(SyntaxKind.PostIncrementExpression) ? 1 : -1, postfix);
                return;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                Step(prefix.Operand, prefix.IsKind(SyntaxKind.PreIncrementExpression) ? 1 : -1, prefix);
                return;
            default:
                if (expression is InvocationExpressionSyntax)
                    throw Fail(DiagnosticDescriptors.UnsupportedCall, expression, expression.ToString());
                throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), "only assignments and ++/-- of int locals can be statements");
        }
    }

    private void Step(ExpressionSyntax operand, int delta, ExpressionSyntax whole)
    {
        ISymbol? symbol = Symbol(operand);
        if (symbol is ILocalSymbol local && IsInteger(local.Type) && _env.TryGetValue(local, out Value v) && v.Kind == ValueKind.Integer)
        {
            _env[local] = Value.FromInt(v.Int + delta);
            return;
        }
        throw Fail(DiagnosticDescriptors.UnsupportedExpression, whole, whole.ToString(), "++ and -- apply to int locals only");
    }

    private void Assign(AssignmentExpressionSyntax assignment)
    {
        ExpressionSyntax target = assignment.Left;
        SyntaxKind kind = assignment.Kind();

        if (target is ElementAccessExpressionSyntax element)
        {
            (InputRole role, int index, string name) = Element(element);
            if (role != InputRole.Output) throw Fail(DiagnosticDescriptors.WriteToInput, target, target.ToString());
            if (Outputs[index] >= 0) throw Fail(DiagnosticDescriptors.ComponentWrittenTwice, assignment, name, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (kind != SyntaxKind.SimpleAssignmentExpression)
                throw Fail(DiagnosticDescriptors.UnsupportedExpression, assignment, assignment.ToString(), $"a compound assignment reads {name}[{index}] before it is written");
            Outputs[index] = Double(assignment.Right);
            return;
        }

        ISymbol? symbol = Symbol(target);
        if (symbol is IParameterSymbol parameter && _roles.ContainsKey(parameter))
            throw Fail(DiagnosticDescriptors.WriteToInput, target, target.ToString());
        if (symbol is not ILocalSymbol local)
            throw Fail(DiagnosticDescriptors.UnsupportedExpression, assignment, assignment.ToString(), "only locals and output components can be assigned");

        if (IsInteger(local.Type))
        {
            int right = Integer(assignment.Right) ?? throw NotConstantInteger(assignment.Right);
            if (kind == SyntaxKind.SimpleAssignmentExpression)
            {
                _env[local] = Value.FromInt(right);
                return;
            }
            int left = Current(local, target).Int;
            _env[local] = Value.FromInt(kind switch
            {
                SyntaxKind.AddAssignmentExpression => left + right,
                SyntaxKind.SubtractAssignmentExpression => left - right,
                SyntaxKind.MultiplyAssignmentExpression => left * right,
                SyntaxKind.DivideAssignmentExpression when right != 0 => left / right,
                SyntaxKind.ModuloAssignmentExpression when right != 0 => left % right,
                _ => throw Fail(DiagnosticDescriptors.UnsupportedExpression, assignment, assignment.ToString(), "unsupported integer assignment"),
            });
            return;
        }

        if (IsFloating(local.Type))
        {
            int right = Double(assignment.Right);
            if (kind == SyntaxKind.SimpleAssignmentExpression)
            {
                _env[local] = Value.FromNode(right);
                return;
            }
            int left = Current(local, target).Node;
            _env[local] = Value.FromNode(kind switch
            {
                SyntaxKind.AddAssignmentExpression => Graph.Add(left, right),
                SyntaxKind.SubtractAssignmentExpression => Graph.Subtract(left, right),
                SyntaxKind.MultiplyAssignmentExpression => Graph.Multiply(left, right),
                SyntaxKind.DivideAssignmentExpression => Graph.Divide(left, right),
                _ => throw Fail(DiagnosticDescriptors.UnsupportedExpression, assignment, assignment.ToString(), "only =, +=, -=, *= and /= are supported for double locals"),
            });
            return;
        }

        if (local.Type.SpecialType == SpecialType.System_Boolean && kind == SyntaxKind.SimpleAssignmentExpression)
        {
            _env[local] = Value.FromBool(Boolean(assignment.Right) ?? throw Fail(DiagnosticDescriptors.StateDependentBranch, assignment.Right, assignment.Right.ToString()));
            return;
        }

        throw Fail(DiagnosticDescriptors.UnsupportedLocal, target, local.Name, $"has type '{local.Type.ToDisplayString()}'; only double, int and bool locals are supported");
    }

    private Value Current(ILocalSymbol local, SyntaxNode at)
    {
        if (_env.TryGetValue(local, out Value v) && v.Kind != ValueKind.Unassigned) return v;
        throw Fail(DiagnosticDescriptors.UnsupportedLocal, at, local.Name, "is read before it is assigned");
    }

    // ---------------------------------------------------------------- double expressions

    /// <summary>Builds the graph node for a double-valued expression.</summary>
    private int Double(ExpressionSyntax expression)
    {
        Optional<object?> constant = ConstantValue(expression);
        if (constant.HasValue && constant.Value is not null and not bool and not string and not char)
            return Graph.Constant(Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture));

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Double(parenthesized.Expression);
            case CastExpressionSyntax cast:
                return Double(cast.Expression);
            case CheckedExpressionSyntax:
                break;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryMinusExpression):
                return Graph.Negate(Double(prefix.Operand));
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryPlusExpression):
                return Double(prefix.Operand);
        }

        ITypeSymbol? type = TypeOf(expression);
        if (type is not null && IsInteger(type))
            return Graph.Constant(Integer(expression) ?? throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), "an integer value must be a compile-time constant after unrolling"));

        switch (expression)
        {
            case BinaryExpressionSyntax binary:
            {
                switch (binary.Kind())
                {
                    case SyntaxKind.AddExpression: return Graph.Add(Double(binary.Left), Double(binary.Right));
                    case SyntaxKind.SubtractExpression: return Graph.Subtract(Double(binary.Left), Double(binary.Right));
                    case SyntaxKind.MultiplyExpression: return Graph.Multiply(Double(binary.Left), Double(binary.Right));
                    case SyntaxKind.DivideExpression: return Graph.Divide(Double(binary.Left), Double(binary.Right));
                    default: throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), $"the operator '{binary.OperatorToken.Text}' is not differentiable");
                }
            }
            case ConditionalExpressionSyntax conditional:
                return EvaluateCondition(conditional.Condition) ? Double(conditional.WhenTrue) : Double(conditional.WhenFalse);
            case ElementAccessExpressionSyntax element:
                return Read(element);
            case IdentifierNameSyntax identifier:
                return Identifier(identifier);
            case InvocationExpressionSyntax invocation:
                return Call(invocation);
            case MemberAccessExpressionSyntax member:
                throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), $"'{member.Name}' is not a compile-time constant");
        }
        throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), "it is outside the differentiable subset");
    }

    private int Identifier(IdentifierNameSyntax identifier)
    {
        ISymbol? symbol = Symbol(identifier);
        if (symbol is not null && _env.TryGetValue(symbol, out Value value))
        {
            if (value.Kind == ValueKind.Node) return value.Node;
            if (value.Kind == ValueKind.Integer) return Graph.Constant(value.Int);
            throw Fail(DiagnosticDescriptors.UnsupportedLocal, identifier, identifier.Identifier.Text, "is read before it is assigned");
        }
        if (symbol is IFieldSymbol field)
            throw Fail(DiagnosticDescriptors.UnsupportedExpression, identifier, identifier.ToString(), $"the field '{field.Name}' is not const; use a const field or a literal");
        throw Fail(DiagnosticDescriptors.UnsupportedExpression, identifier, identifier.ToString(), "only locals, inputs and constants can be read");
    }

    private int Read(ElementAccessExpressionSyntax element)
    {
        (InputRole role, int index, string name) = Element(element);
        switch (role)
        {
            case InputRole.State:
                return Graph.Variable(Op.State, index);
            case InputRole.Parameter:
                ParameterRead[index] = true;
                return Graph.Variable(Op.Parameter, index);
            case InputRole.Stimulus:
                StimulusRead[index] = true;
                return Graph.Variable(Op.Stimulus, index);
            default:
                if (Outputs[index] < 0)
                    throw Fail(DiagnosticDescriptors.UnsupportedExpression, element, element.ToString(), $"{name}[{index}] is read before it is written");
                return Outputs[index];
        }
    }

    /// <summary>Resolves x[i], p[i], u[i] or dxdt[i] to its role and a checked constant index.</summary>
    private (InputRole Role, int Index, string Name) Element(ElementAccessExpressionSyntax element)
    {
        ISymbol? symbol = Symbol(element.Expression);
        if (symbol is not IParameterSymbol parameter || !_roles.TryGetValue(parameter, out InputRole role) || element.ArgumentList.Arguments.Count != 1)
            throw Fail(DiagnosticDescriptors.UnsupportedExpression, element, element.ToString(), "only the span parameters of the vector field can be indexed");
        ExpressionSyntax indexSyntax = element.ArgumentList.Arguments[0].Expression;
        int index = Integer(indexSyntax) ?? throw Fail(DiagnosticDescriptors.NonConstantIndex, indexSyntax, indexSyntax.ToString(), parameter.Name);
        int count = _counts[(int)role];
        if (index < 0 || index >= count)
        {
            string countName = role switch { InputRole.Parameter => ParameterCountName, InputRole.Stimulus => "Stimuli", _ => StateCountName };
            throw Fail(DiagnosticDescriptors.IndexOutOfRange, element, parameter.Name, index.ToString(System.Globalization.CultureInfo.InvariantCulture), countName, count.ToString(System.Globalization.CultureInfo.InvariantCulture), AttributeName);
        }
        return (role, index, parameter.Name);
    }

    private int Call(InvocationExpressionSyntax invocation)
    {
        if (Symbol(invocation) is not IMethodSymbol method)
            throw Fail(DiagnosticDescriptors.UnsupportedCall, invocation, invocation.Expression.ToString());
        var arguments = invocation.ArgumentList.Arguments;

        if (HasAttribute(method, "DeepestLearning.ActivationAttribute") && SymbolEqualityComparer.Default.Equals(method.ContainingType, _modelType))
        {
            if (arguments.Count != 1) throw Fail(DiagnosticDescriptors.UnsupportedCall, invocation, method.Name);
            return Inline(method, Double(arguments[0].Expression), invocation);
        }

        string container = method.ContainingType?.ToDisplayString() ?? "";
        if (container is "System.Math" or "System.MathF" or "double" or "float" or "System.Double" or "System.Single")
        {
            Op? unary = method.Name switch
            {
                "Exp" => Op.Exp, "Sqrt" => Op.Sqrt, "Sin" => Op.Sin, "Cos" => Op.Cos, "Tan" => Op.Tan,
                "Tanh" => Op.Tanh, "Sinh" => Op.Sinh, "Cosh" => Op.Cosh, "Atan" => Op.Atan, "Abs" => Op.Abs,
                "Log" when arguments.Count == 1 => Op.Log,
                _ => null,
            };
            if (unary is Op op && arguments.Count == 1) return Graph.Unary(op, Double(arguments[0].Expression));
            if (method.Name == "Log" && arguments.Count == 2)
                return Graph.Divide(Graph.Unary(Op.Log, Double(arguments[0].Expression)), Graph.Unary(Op.Log, Double(arguments[1].Expression)));
            if (method.Name == "Log10" && arguments.Count == 1)
                return Graph.Divide(Graph.Unary(Op.Log, Double(arguments[0].Expression)), Graph.Constant(Math.Log(10.0)));
            if (method.Name == "Pow" && arguments.Count == 2)
                return Graph.Power(Double(arguments[0].Expression), Double(arguments[1].Expression));
        }
        throw Fail(DiagnosticDescriptors.UnsupportedCall, invocation, container.Length > 0 ? container + "." + method.Name : method.Name);
    }

    /// <summary>g(x[0]) for an [Activation] method g: the scalar function a dense layer applies, as a graph node.</summary>
    public int InlineActivation(IMethodSymbol activation)
    {
        SyntaxNode at = activation.DeclaringSyntaxReferences.Length > 0 ? activation.DeclaringSyntaxReferences[0].GetSyntax(_cancellation) : throw Fail(DiagnosticDescriptors.ActivationSignature, Location.None, activation.Name);
        return Inline(activation, Graph.Variable(Op.State, 0), at);
    }

    private int Inline(IMethodSymbol activation, int argument, SyntaxNode call)
    {
        foreach (IMethodSymbol active in _activations)
            if (SymbolEqualityComparer.Default.Equals(active, activation))
                throw Fail(DiagnosticDescriptors.RecursiveActivation, call, activation.Name);
        if (activation.DeclaringSyntaxReferences.Length == 0 ||
            activation.DeclaringSyntaxReferences[0].GetSyntax(_cancellation) is not MethodDeclarationSyntax declaration ||
            activation.Parameters.Length != 1)
            throw Fail(DiagnosticDescriptors.ActivationSignature, call, activation.Name);

        IParameterSymbol parameter = activation.Parameters[0];
        bool hadOuter = _env.TryGetValue(parameter, out Value outer);
        _env[parameter] = Value.FromNode(argument);
        _activations.Push(activation);
        int? savedReturn = _returnValue;
        _returnValue = null;
        try
        {
            if (declaration.ExpressionBody is not null) return Double(declaration.ExpressionBody.Expression);
            if (declaration.Body is null) throw Fail(DiagnosticDescriptors.ActivationSignature, call, activation.Name);
            ExecuteBlock(declaration.Body);
            return _returnValue ?? throw Fail(DiagnosticDescriptors.ActivationSignature, declaration.Identifier.GetLocation(), activation.Name);
        }
        finally
        {
            _returnValue = savedReturn;
            _activations.Pop();
            if (hadOuter) _env[parameter] = outer;
            else _env.Remove(parameter);
        }
    }

    // ---------------------------------------------------------------- integer and boolean expressions

    /// <summary>The value of an integer expression known at compile time after unrolling, or null.</summary>
    private int? Integer(ExpressionSyntax expression)
    {
        Optional<object?> constant = ConstantValue(expression);
        if (constant.HasValue)
            return constant.Value is int or short or byte or sbyte or ushort or long or uint
                ? Convert.ToInt32(constant.Value, System.Globalization.CultureInfo.InvariantCulture)
                : null;

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Integer(parenthesized.Expression);
            case CastExpressionSyntax cast when TypeOf(cast.Expression) is { } inner && IsInteger(inner):
                return Integer(cast.Expression);
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryMinusExpression):
                return -Integer(prefix.Operand);
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryPlusExpression):
                return Integer(prefix.Operand);
            case IdentifierNameSyntax identifier:
                ISymbol? symbol = Symbol(identifier);
                return symbol is not null && _env.TryGetValue(symbol, out Value value) && value.Kind == ValueKind.Integer ? value.Int : null;
            case BinaryExpressionSyntax binary:
                int? left = Integer(binary.Left), right = Integer(binary.Right);
                if (left is null || right is null) return null;
                switch (binary.Kind())
                {
                    case SyntaxKind.AddExpression: return left + right;
                    case SyntaxKind.SubtractExpression: return left - right;
                    case SyntaxKind.MultiplyExpression: return left * right;
                    case SyntaxKind.DivideExpression when right != 0: return left / right;
                    case SyntaxKind.ModuloExpression when right != 0: return left % right;
                    case SyntaxKind.DivideExpression:
                    case SyntaxKind.ModuloExpression:
                        throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), "integer division by zero");
                    default: return null;
                }
            case ConditionalExpressionSyntax conditional:
                bool? condition = Boolean(conditional.Condition);
                return condition is null ? null : condition.Value ? Integer(conditional.WhenTrue) : Integer(conditional.WhenFalse);
            default:
                return null;
        }
    }

    /// <summary>The value of a condition known at compile time after unrolling, or null.</summary>
    private bool? Boolean(ExpressionSyntax expression)
    {
        Optional<object?> constant = ConstantValue(expression);
        if (constant.HasValue) return constant.Value as bool?;
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Boolean(parenthesized.Expression);
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.LogicalNotExpression):
                return !Boolean(prefix.Operand);
            case IdentifierNameSyntax identifier:
                ISymbol? symbol = Symbol(identifier);
                return symbol is not null && _env.TryGetValue(symbol, out Value value) && value.Kind == ValueKind.Boolean ? value.Bool : null;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression):
            {
                bool? left = Boolean(binary.Left);
                if (left == false) return false;
                bool? right = Boolean(binary.Right);
                return left is null || right is null ? null : right;
            }
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalOrExpression):
            {
                bool? left = Boolean(binary.Left);
                if (left == true) return true;
                bool? right = Boolean(binary.Right);
                return left is null || right is null ? null : right;
            }
            case BinaryExpressionSyntax binary:
            {
                int? left = Integer(binary.Left), right = Integer(binary.Right);
                if (left is null || right is null) return null;
                return binary.Kind() switch
                {
                    SyntaxKind.LessThanExpression => left < right,
                    SyntaxKind.LessThanOrEqualExpression => left <= right,
                    SyntaxKind.GreaterThanExpression => left > right,
                    SyntaxKind.GreaterThanOrEqualExpression => left >= right,
                    SyntaxKind.EqualsExpression => left == right,
                    SyntaxKind.NotEqualsExpression => left != right,
                    _ => null,
                };
            }
            default:
                return null;
        }
    }

    // ---------------------------------------------------------------- helpers

    private SemanticModel Model(SyntaxNode node)
    {
        // GetSemanticModel builds a fresh model (and binder caches) on every call; loops re-read the same syntax.
        if (!_models.TryGetValue(node.SyntaxTree, out SemanticModel? model))
        {
            model = _compilation.GetSemanticModel(node.SyntaxTree);
            _models[node.SyntaxTree] = model;
        }
        return model;
    }

    /// <summary>The symbol a name binds to, memoized per syntax node (unrolled loops ask millions of times).</summary>
    private ISymbol? Symbol(ExpressionSyntax node)
    {
        if (!_symbols.TryGetValue(node, out ISymbol? symbol))
        {
            symbol = Model(node).GetSymbolInfo(node, _cancellation).Symbol;
            _symbols[node] = symbol;
        }
        return symbol;
    }

    private Optional<object?> ConstantValue(ExpressionSyntax node)
    {
        if (!_constants.TryGetValue(node, out Optional<object?> value))
        {
            value = Model(node).GetConstantValue(node, _cancellation);
            _constants[node] = value;
        }
        return value;
    }

    private ITypeSymbol? TypeOf(ExpressionSyntax node)
    {
        if (!_types.TryGetValue(node, out ITypeSymbol? type))
        {
            type = Model(node).GetTypeInfo(node, _cancellation).Type;
            _types[node] = type;
        }
        return type;
    }

    private static bool IsInteger(ITypeSymbol type) => type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        or SpecialType.System_Int16 or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt16 or SpecialType.System_UInt32;

    private static bool IsFloating(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    public static bool HasAttribute(ISymbol symbol, string fullName)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
            if (attribute.AttributeClass?.ToDisplayString() == fullName) return true;
        return false;
    }

    private ParseFailure NotConstantInteger(ExpressionSyntax expression) =>
        Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), "an integer value must be a compile-time constant after unrolling");

    private static ParseFailure Fail(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments) =>
        new(DiagnosticInfo.Create(descriptor, node.GetLocation(), arguments));

    private static ParseFailure Fail(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        new(DiagnosticInfo.Create(descriptor, location, arguments));

    private enum ValueKind { Unassigned, Integer, Boolean, Node }

    private readonly struct Value
    {
        private Value(ValueKind kind, int number) { Kind = kind; Int = number; }
        public ValueKind Kind { get; }
        public int Int { get; }
        public int Node => Int;
        public bool Bool => Int != 0;
        public static Value Unassigned => default;
        public static Value FromInt(int value) => new(ValueKind.Integer, value);
        public static Value FromBool(bool value) => new(ValueKind.Boolean, value ? 1 : 0);
        public static Value FromNode(int node) => new(ValueKind.Node, node);
    }
}
