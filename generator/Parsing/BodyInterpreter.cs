using System;
using System.Collections.Generic;
using System.Globalization;
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
/// <remarks>
/// Statements and expressions run on an explicit stack of <see cref="Frame"/>s with a separate
/// stack of <see cref="Value"/>s, never by recursion: a user may nest expressions or else-if chains
/// thousands deep (Roslyn parses them), and the generator runs on the compiler's thread, whose stack
/// it must not exhaust. A frame is resumed with its Stage; the values its children computed are on
/// top of the value stack.
/// </remarks>
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
    private int _steps;
    private int? _returnValue;
    private bool _returning;
    private Frame[] _frames = new Frame[64];
    private int _frameCount;
    private Value[] _values = new Value[64];
    private int _valueCount;
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly Dictionary<SyntaxNode, ISymbol?> _symbols = new();
    private readonly Dictionary<SyntaxNode, Optional<object?>> _constants = new();
    private readonly Dictionary<SyntaxNode, ITypeSymbol?> _types = new();
    private readonly HashSet<SyntaxNode> _primed = new();
    private readonly List<DiagnosticInfo> _recovered = new();

    public BodyInterpreter(Compilation compilation, INamedTypeSymbol modelType, IMethodSymbol vectorField,
        Dictionary<IParameterSymbol, InputRole> roles, int states, int parameters, int stimuli, CancellationToken cancellation, int outputs = -1)
    {
        if (outputs < 0) outputs = states; // a vector field or layer map writes one value per state
        _compilation = compilation;
        _modelType = modelType;
        _roles = roles;
        _counts = new[] { states, parameters, stimuli, outputs };
        _cancellation = cancellation;
        _methodName = vectorField.Name;
        Outputs = new int[outputs];
        for (int i = 0; i < outputs; i++) Outputs[i] = -1;
        ParameterRead = new bool[parameters];
        StimulusRead = new bool[stimuli];
    }

    public ExpressionGraph Graph { get; } = new();

    /// <summary>How diagnostics name the declaring attribute and its counts (a network says LayeredNetwork, Width, WeightsPerLayer).</summary>
    public string AttributeName { get; set; } = "DynamicalModel";
    public string StateCountName { get; set; } = "States";
    public string ParameterCountName { get; set; } = "Parameters";

    /// <summary>How an out-of-range output index names its count when the outputs are not the states (a [Measurement] says Measurement, Outputs); null: as a state.</summary>
    public (string Attribute, string Count)? OutputCount { get; set; }
    public int[] Outputs { get; }
    public bool[] ParameterRead { get; }
    public bool[] StimulusRead { get; }

    /// <summary>The most statements a body may evaluate; each executed statement counts once.</summary>
    public static int MaxStatements => StatementLimit;

    public void Run(SyntaxNode body)
    {
        Prime(body);
        if (body is BlockSyntax block) Push(Task.Block, block);
        else if (body is ArrowExpressionClauseSyntax arrow) PushExpressionStatement(arrow.Expression);
        Drain();
        if (_recovered.Count > 0) throw new ParseFailure(_recovered);
    }

    /// <summary>g(x[0]) for an [Activation] method g: the scalar function a dense layer applies, as a graph node.</summary>
    public int InlineActivation(IMethodSymbol activation)
    {
        SyntaxNode at = activation.DeclaringSyntaxReferences.Length > 0 ? activation.DeclaringSyntaxReferences[0].GetSyntax(_cancellation) : throw Fail(DiagnosticDescriptors.ActivationSignature, Location.None, activation.Name);
        PushValue(Value.FromNode(Graph.Variable(Op.State, 0)));
        Push(Task.Inline, at, activation);
        Drain();
        return PopValue().Node;
    }

    // ---------------------------------------------------------------- the machine

    private enum Task : byte
    {
        Block,
        Declare,
        For,
        If,
        Assign,
        Return,
        Inline,
        Double,
        Integer,
        Boolean,
    }

    /// <summary>One pending piece of work: a statement or expression, how far it got, and its scratch state.</summary>
    private struct Frame
    {
        public Task Task;
        public SyntaxNode Node;
        public int Stage;
        public int Index;
        public int Mark;
        public object? State;
    }

    private void Push(Task task, SyntaxNode node, object? state = null)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new Frame { Task = task, Node = node, State = state };
    }

    private void PushValue(Value value)
    {
        if (_valueCount == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_valueCount++] = value;
    }

    private Value PopValue() => _values[--_valueCount];

    /// <summary>Replaces the top frame by other work on the same result (a tail call: parentheses, casts, a chosen branch).</summary>
    private void Replace(int top, ExpressionSyntax node)
    {
        _frames[top].Node = node;
        _frames[top].Stage = 0;
        _frames[top].Index = 0;
    }

    private void Drain()
    {
        while (_frameCount > 0)
        {
            if ((++_steps & 4095) == 0) _cancellation.ThrowIfCancellationRequested();
            int top = _frameCount - 1;
            Task task = _frames[top].Task;
            // A return statement ends the enclosing blocks and loops up to its activation (or the body).
            if (_returning && task is Task.Block or Task.For or Task.If)
            {
                _frameCount--;
                continue;
            }
            try
            {
                switch (task)
                {
                    case Task.Block: StepBlock(top); break;
                    case Task.Declare: StepDeclare(top); break;
                    case Task.For: StepFor(top); break;
                    case Task.If: StepIf(top); break;
                    case Task.Assign: StepAssign(top); break;
                    case Task.Return: StepReturn(top); break;
                    case Task.Inline: StepInline(top); break;
                    case Task.Double: StepDouble(top); break;
                    case Task.Integer: StepInteger(top); break;
                    default: StepBoolean(top); break;
                }
            }
            catch (ParseFailure failure)
            {
                if (SkipFailedOutput(failure)) continue;
                if (_recovered.Count == 0) throw;
                throw new ParseFailure(WithRecovered(failure));
            }
        }
        _returning = false;
    }

    /// <summary>
    /// Error recovery, so a body with several mistakes gets a diagnostic for each: when the right side
    /// of an output assignment (<c>dxdt[i] = …</c>) fails, the failure is recorded, the half-evaluated
    /// right side is dropped, the component counts as written (no follow-on "never written"), and
    /// interpretation continues with the next statement. A failure anywhere else (a branch, a loop
    /// bound, an index of the output itself, the statement limit) stops the body: what follows it
    /// cannot be interpreted meaningfully. The same mistake met again (in a loop) is reported once.
    /// Returns whether the failure was recovered.
    /// </summary>
    private bool SkipFailedOutput(ParseFailure failure)
    {
        if (failure.Diagnostics.Count != 1 || failure.Diagnostic.Id == DiagnosticDescriptors.UnrollLimit.Id) return false;
        for (int f = _frameCount - 1; f >= 0; f--)
        {
            if (_frames[f].Task != Task.Assign || _frames[f].Stage < 2 || _frames[f].State is not OutputRightSide start) continue;
            if (!_recovered.Contains(failure.Diagnostic)) _recovered.Add(failure.Diagnostic);
            Outputs[_frames[f].Index] = Graph.Constant(0.0); // a placeholder: no code is emitted once a diagnostic exists
            _frameCount = f;
            _valueCount = start.Values;
            while (_activations.Count > start.Activations) _activations.Pop();
            _returning = false;
            _returnValue = null;
            return true;
        }
        return false;
    }

    private List<DiagnosticInfo> WithRecovered(ParseFailure failure)
    {
        var all = new List<DiagnosticInfo>(_recovered);
        foreach (DiagnosticInfo diagnostic in failure.Diagnostics)
            if (!all.Contains(diagnostic)) all.Add(diagnostic);
        return all;
    }

    /// <summary>Where an output assignment's right side began: the value-stack height and activation depth to return to if it fails.</summary>
    private sealed record OutputRightSide(int Values, int Activations);

    // ---------------------------------------------------------------- statements

    /// <summary>Counts the statement and queues it.</summary>
    private void PushStatement(StatementSyntax statement)
    {
        if (statement is not BlockSyntax) Tick(statement);

        switch (statement)
        {
            case BlockSyntax block:
                Push(Task.Block, block);
                return;
            case EmptyStatementSyntax:
                return;
            case LocalDeclarationStatementSyntax declaration:
                Push(Task.Declare, declaration.Declaration);
                return;
            case ExpressionStatementSyntax expression:
                PushExpressionStatement(expression.Expression);
                return;
            case ForStatementSyntax loop:
                Push(Task.For, loop);
                return;
            case IfStatementSyntax branch:
                Push(Task.If, branch);
                return;
            case ReturnStatementSyntax ret:
                Push(Task.Return, ret);
                return;
            default:
                throw Fail(DiagnosticDescriptors.UnsupportedStatement, statement, StatementKind(statement));
        }
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

    private void StepBlock(int top)
    {
        var block = (BlockSyntax)_frames[top].Node;
        int next = _frames[top].Index++;
        if (next < block.Statements.Count) PushStatement(block.Statements[next]);
        else _frameCount--;
    }

    private void StepIf(int top)
    {
        var branch = (IfStatementSyntax)_frames[top].Node;
        if (_frames[top].Stage++ == 0)
        {
            Push(Task.Boolean, branch.Condition);
            return;
        }
        bool condition = Condition(branch.Condition);
        _frameCount--;
        if (condition) PushStatement(branch.Statement);
        else if (branch.Else is not null) PushStatement(branch.Else.Statement);
    }

    /// <summary>
    /// Stages: 0 declaration, 1 initializers, 2 condition, 3 body, 4 iteration count, 5 incrementors.
    /// An iteration counts as one statement only when its body ran none (an empty loop must still end),
    /// so a loop of n one-statement iterations costs n + 1 statements, not 2n + 1.
    /// </summary>
    private void StepFor(int top)
    {
        var loop = (ForStatementSyntax)_frames[top].Node;
        switch (_frames[top].Stage)
        {
            case 0:
                _frames[top].Stage = 1;
                if (loop.Declaration is not null) Push(Task.Declare, loop.Declaration);
                return;
            case 1:
                if (_frames[top].Index < loop.Initializers.Count)
                {
                    PushExpressionStatement(loop.Initializers[_frames[top].Index++]);
                    return;
                }
                _frames[top].Stage = 2;
                return;
            case 2:
                if (loop.Condition is null) throw Fail(DiagnosticDescriptors.UnsupportedStatement, loop, "for without a condition");
                _frames[top].Stage = 3;
                Push(Task.Boolean, loop.Condition);
                return;
            case 3:
                if (!Condition(loop.Condition!))
                {
                    _frameCount--;
                    return;
                }
                _frames[top].Stage = 4;
                _frames[top].Mark = _statements;
                PushStatement(loop.Statement);
                return;
            case 4:
                if (_statements == _frames[top].Mark) Tick(loop);
                _frames[top].Stage = 5;
                _frames[top].Index = 0;
                return;
            default:
                if (_frames[top].Index < loop.Incrementors.Count)
                {
                    PushExpressionStatement(loop.Incrementors[_frames[top].Index++]);
                    return;
                }
                _frames[top].Stage = 2;
                return;
        }
    }

    /// <summary>Counts evaluated statements so that a runaway loop ends with a diagnostic, not a hung build.</summary>
    private void Tick(SyntaxNode at)
    {
        if (++_statements > StatementLimit)
            throw Fail(DiagnosticDescriptors.UnrollLimit, at, _methodName, StatementLimit.ToString("N0", CultureInfo.InvariantCulture));
        if ((_statements & 1023) == 0) _cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>Pops a condition computed by a Boolean frame; it must be known at compile time.</summary>
    private bool Condition(ExpressionSyntax condition)
    {
        Value value = PopValue();
        if (value.Kind != ValueKind.Boolean) throw Fail(DiagnosticDescriptors.StateDependentBranch, condition, condition.ToString());
        return value.Bool;
    }

    private enum LocalKind { Integer, Double, Boolean }

    /// <summary>Which locals the interpreter runs; float would be computed in double and is rejected, like every other type.</summary>
    private LocalKind KindOf(ITypeSymbol type, string name, SyntaxNode at)
    {
        if (IntegerArithmetic.IsSupported(type)) return LocalKind.Integer;
        if (type.SpecialType == SpecialType.System_Double) return LocalKind.Double;
        if (type.SpecialType == SpecialType.System_Boolean) return LocalKind.Boolean;
        string why = type.SpecialType == SpecialType.System_Single
            ? "has type 'float'; the generated code computes in double, so declare it double"
            : $"has type '{type.ToDisplayString()}'; only double, bool and integer locals (int, long, uint, short, ushort, byte, sbyte) are supported";
        throw Fail(DiagnosticDescriptors.UnsupportedLocal, at, name, why);
    }

    /// <summary>The expression task that computes a value for a local of this kind.</summary>
    private static Task TaskFor(LocalKind kind) => kind switch
    {
        LocalKind.Integer => Task.Integer,
        LocalKind.Double => Task.Double,
        _ => Task.Boolean,
    };

    /// <summary>Stage 0 starts the next declarator (Index), stage 1 stores its initializer.</summary>
    private void StepDeclare(int top)
    {
        var declaration = (VariableDeclarationSyntax)_frames[top].Node;
        if (_frames[top].Stage == 0)
        {
            while (_frames[top].Index < declaration.Variables.Count)
            {
                VariableDeclaratorSyntax variable = declaration.Variables[_frames[top].Index];
                var local = (ILocalSymbol)Model(variable).GetDeclaredSymbol(variable, _cancellation)!;
                if (local.IsConst)
                {
                    _frames[top].Index++; // read through the semantic model's constant value
                    continue;
                }
                LocalKind kind = KindOf(local.Type, local.Name, variable);
                ExpressionSyntax? initializer = variable.Initializer?.Value;
                if (initializer is null)
                {
                    _env[local] = Value.Unassigned;
                    _frames[top].Index++;
                    continue;
                }
                _frames[top].Stage = 1;
                _frames[top].State = local;
                Push(TaskFor(kind), initializer);
                return;
            }
            _frameCount--;
            return;
        }
        var declared = (ILocalSymbol)_frames[top].State!;
        Store(declared, declared.Type, declaration.Variables[_frames[top].Index].Initializer!.Value, PopValue(), SyntaxKind.SimpleAssignmentExpression, declaration.Variables[_frames[top].Index]);
        _frames[top].Index++;
        _frames[top].Stage = 0;
    }

    private void PushExpressionStatement(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case AssignmentExpressionSyntax assignment:
                Push(Task.Assign, assignment);
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
                throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), "only assignments and ++/-- of integer locals can be statements");
        }
    }

    private void Step(ExpressionSyntax operand, int delta, ExpressionSyntax whole)
    {
        ISymbol? symbol = Symbol(operand);
        if (symbol is ILocalSymbol local && IntegerArithmetic.IsSupported(local.Type) && _env.TryGetValue(local, out Value v) && v.Kind == ValueKind.Integer)
        {
            if (!IntegerArithmetic.Fits(v.Number + delta, local.Type.SpecialType)) throw Overflow(whole, local.Type);
            _env[local] = Value.FromInteger(v.Number + delta);
            return;
        }
        throw Fail(DiagnosticDescriptors.UnsupportedExpression, whole, whole.ToString(), "++ and -- apply to integer locals only");
    }

    /// <summary>
    /// An output component: stage 0 resolves the span, 1 checks the index and queues the right side,
    /// 2 stores it. A local: stage 0 queues the right side, 1 stores it.
    /// </summary>
    private void StepAssign(int top)
    {
        var assignment = (AssignmentExpressionSyntax)_frames[top].Node;
        ExpressionSyntax target = assignment.Left;
        SyntaxKind kind = assignment.Kind();

        if (target is ElementAccessExpressionSyntax element)
        {
            switch (_frames[top].Stage++)
            {
                case 0:
                    PushIndex(element);
                    return;
                case 1:
                {
                    (InputRole role, int index, string name) = Element(element);
                    if (role != InputRole.Output) throw Fail(DiagnosticDescriptors.WriteToInput, target, target.ToString());
                    if (Outputs[index] >= 0) throw Fail(DiagnosticDescriptors.ComponentWrittenTwice, assignment, name, index.ToString(CultureInfo.InvariantCulture));
                    if (kind != SyntaxKind.SimpleAssignmentExpression)
                        throw Fail(DiagnosticDescriptors.UnsupportedExpression, assignment, assignment.ToString(), $"a compound assignment reads {name}[{index}] before it is written");
                    _frames[top].Index = index;
                    _frames[top].State = new OutputRightSide(_valueCount, _activations.Count);
                    Push(Task.Double, assignment.Right);
                    return;
                }
                default:
                    Outputs[_frames[top].Index] = PopValue().Node;
                    _frameCount--;
                    return;
            }
        }

        ISymbol? symbol = Symbol(target);
        if (symbol is IParameterSymbol parameter && _roles.ContainsKey(parameter))
            throw Fail(DiagnosticDescriptors.WriteToInput, target, target.ToString());
        // Locals, and the parameter of an inlined activation, which is a double local of the activation.
        ITypeSymbol? type = symbol switch
        {
            ILocalSymbol local => local.Type,
            IParameterSymbol inlined when _env.ContainsKey(inlined) => inlined.Type,
            _ => null,
        };
        if (type is null)
            throw Fail(DiagnosticDescriptors.UnsupportedExpression, assignment, assignment.ToString(), "only locals and output components can be assigned");

        LocalKind localKind = KindOf(type, symbol!.Name, target);
        if (_frames[top].Stage++ == 0)
        {
            if (localKind == LocalKind.Boolean && kind != SyntaxKind.SimpleAssignmentExpression)
                throw Fail(DiagnosticDescriptors.UnsupportedExpression, assignment, assignment.ToString(), "only = is supported for bool locals");
            Push(TaskFor(localKind), assignment.Right);
            return;
        }
        Store(symbol, type, assignment.Right, PopValue(), kind, assignment);
        _frameCount--;
    }

    /// <summary>Binds a local to a computed value: = or a compound assignment, range-checked for integer types.</summary>
    private void Store(ISymbol local, ITypeSymbol type, ExpressionSyntax right, Value value, SyntaxKind kind, SyntaxNode at)
    {
        switch (KindOf(type, local.Name, at))
        {
            case LocalKind.Integer:
            {
                if (value.Kind != ValueKind.Integer) throw NotConstantInteger(right);
                long result = value.Number;
                if (kind != SyntaxKind.SimpleAssignmentExpression)
                {
                    long left = Current(local, at).Number;
                    switch (IntegerArithmetic.Binary(kind, left, value.Number, type.SpecialType, out result))
                    {
                        case IntegerArithmetic.Outcome.Overflow: throw Overflow(at, type);
                        case IntegerArithmetic.Outcome.DivideByZero: throw Fail(DiagnosticDescriptors.UnsupportedExpression, at, at.ToString(), "integer division by zero");
                        case IntegerArithmetic.Outcome.Unsupported: throw Fail(DiagnosticDescriptors.UnsupportedExpression, at, at.ToString(), "unsupported integer assignment");
                    }
                }
                if (!IntegerArithmetic.Fits(result, type.SpecialType)) throw Overflow(at, type);
                _env[local] = Value.FromInteger(result);
                return;
            }
            case LocalKind.Double:
            {
                int node = value.Node;
                if (kind != SyntaxKind.SimpleAssignmentExpression)
                {
                    int left = Current(local, at).Node;
                    node = kind switch
                    {
                        SyntaxKind.AddAssignmentExpression => Graph.Add(left, node),
                        SyntaxKind.SubtractAssignmentExpression => Graph.Subtract(left, node),
                        SyntaxKind.MultiplyAssignmentExpression => Graph.Multiply(left, node),
                        SyntaxKind.DivideAssignmentExpression => Graph.Divide(left, node),
                        _ => throw Fail(DiagnosticDescriptors.UnsupportedExpression, at, at.ToString(), "only =, +=, -=, *= and /= are supported for double locals"),
                    };
                }
                _env[local] = Value.FromNode(node);
                return;
            }
            default:
                if (value.Kind != ValueKind.Boolean) throw Fail(DiagnosticDescriptors.StateDependentBranch, right, right.ToString());
                _env[local] = value;
                return;
        }
    }

    private Value Current(ISymbol local, SyntaxNode at)
    {
        if (_env.TryGetValue(local, out Value v) && v.Kind is ValueKind.Integer or ValueKind.Node) return v;
        throw Fail(DiagnosticDescriptors.UnsupportedLocal, at, local.Name, "is read before it is assigned");
    }

    private void StepReturn(int top)
    {
        var ret = (ReturnStatementSyntax)_frames[top].Node;
        if (ret.Expression is not null && _frames[top].Stage++ == 0)
        {
            if (_activations.Count == 0) throw Fail(DiagnosticDescriptors.UnsupportedExpression, ret.Expression, ret.Expression.ToString(), "a vector field returns nothing");
            Push(Task.Double, ret.Expression);
            return;
        }
        if (ret.Expression is not null) _returnValue = PopValue().Node;
        _returning = true;
        _frameCount--;
    }

    /// <summary>What an inlined activation saves of its caller: the parameter binding and the pending return value.</summary>
    private sealed class InlineState
    {
        public InlineState(IMethodSymbol method, MethodDeclarationSyntax declaration, bool hadOuter, Value outer, int? savedReturn)
        {
            Method = method;
            Declaration = declaration;
            HadOuter = hadOuter;
            Outer = outer;
            SavedReturn = savedReturn;
        }

        public IMethodSymbol Method { get; }
        public MethodDeclarationSyntax Declaration { get; }
        public bool HadOuter { get; }
        public Value Outer { get; }
        public int? SavedReturn { get; }
    }

    /// <summary>Stage 0 binds the argument (on the value stack) and queues the body; stage 1 restores the caller and pushes the result.</summary>
    private void StepInline(int top)
    {
        SyntaxNode call = _frames[top].Node;
        if (_frames[top].Stage == 0)
        {
            var activation = (IMethodSymbol)_frames[top].State!;
            int argument = PopValue().Node;
            foreach (IMethodSymbol active in _activations)
                if (SymbolEqualityComparer.Default.Equals(active, activation))
                    throw Fail(DiagnosticDescriptors.RecursiveActivation, call, activation.Name);
            if (activation.DeclaringSyntaxReferences.Length == 0 ||
                activation.DeclaringSyntaxReferences[0].GetSyntax(_cancellation) is not MethodDeclarationSyntax declaration ||
                activation.Parameters.Length != 1 || (declaration.Body is null && declaration.ExpressionBody is null))
                throw Fail(DiagnosticDescriptors.ActivationSignature, call, activation.Name);

            IParameterSymbol parameter = activation.Parameters[0];
            bool hadOuter = _env.TryGetValue(parameter, out Value outer);
            if (_primed.Add(declaration)) Prime((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!);
            _frames[top].State = new InlineState(activation, declaration, hadOuter, outer, _returnValue);
            _frames[top].Stage = 1;
            _env[parameter] = Value.FromNode(argument);
            _activations.Push(activation);
            _returnValue = null;
            if (declaration.ExpressionBody is not null) Push(Task.Double, declaration.ExpressionBody.Expression);
            else Push(Task.Block, declaration.Body!);
            return;
        }

        var state = (InlineState)_frames[top].State!;
        int result = state.Declaration.ExpressionBody is not null
            ? PopValue().Node
            : _returnValue ?? throw Fail(DiagnosticDescriptors.ActivationSignature, state.Declaration.Identifier.GetLocation(), state.Method.Name);
        _returning = false;
        _returnValue = state.SavedReturn;
        _activations.Pop();
        IParameterSymbol bound = state.Method.Parameters[0];
        if (state.HadOuter) _env[bound] = state.Outer;
        else _env.Remove(bound);
        _frameCount--;
        PushValue(Value.FromNode(result));
    }

    // ---------------------------------------------------------------- double expressions

    // Stages of a Double frame past dispatch (0).
    private const int ConvertInteger = 1, NegateOperand = 2, BinaryLeft = 3, BinaryRight = 4, ChooseBranch = 5, ReadElement = 6, MathArguments = 7;

    /// <summary>Builds the graph node of a double-valued expression.</summary>
    private void StepDouble(int top)
    {
        var expression = (ExpressionSyntax)_frames[top].Node;
        switch (_frames[top].Stage)
        {
            case 0:
                DispatchDouble(top, expression);
                return;
            case ConvertInteger:
            {
                Value value = PopValue();
                if (value.Kind != ValueKind.Integer) throw NotConstantInteger(expression);
                Finish(Graph.Constant(value.Number));
                return;
            }
            case NegateOperand:
                Finish(Graph.Negate(PopValue().Node));
                return;
            case BinaryLeft:
                _frames[top].Stage = BinaryRight;
                Push(Task.Double, ((BinaryExpressionSyntax)expression).Right);
                return;
            case BinaryRight:
            {
                int right = PopValue().Node, left = PopValue().Node;
                Finish(expression.Kind() switch
                {
                    SyntaxKind.AddExpression => Graph.Add(left, right),
                    SyntaxKind.SubtractExpression => Graph.Subtract(left, right),
                    SyntaxKind.MultiplyExpression => Graph.Multiply(left, right),
                    _ => Graph.Divide(left, right),
                });
                return;
            }
            case ChooseBranch:
            {
                var conditional = (ConditionalExpressionSyntax)expression;
                Replace(top, Condition(conditional.Condition) ? conditional.WhenTrue : conditional.WhenFalse);
                return;
            }
            case ReadElement:
                Finish(Read((ElementAccessExpressionSyntax)expression));
                return;
            default:
            {
                var invocation = (InvocationExpressionSyntax)expression;
                if (PushNextArgument(top, invocation, Task.Double)) return;
                Finish(MathCall(invocation, (string)_frames[top].State!));
                return;
            }
        }
    }

    /// <summary>Pops the finished frame and hands its node to the frame below.</summary>
    private void Finish(int node) => FinishValue(Value.FromNode(node));

    /// <summary>Pops the finished frame and hands its value to the frame below.</summary>
    private void FinishValue(Value value)
    {
        _frameCount--;
        PushValue(value);
    }

    /// <summary>Queues a call's next argument (the frame's Index counts them); false when all are on the value stack.</summary>
    private bool PushNextArgument(int top, InvocationExpressionSyntax invocation, Task task)
    {
        var arguments = invocation.ArgumentList.Arguments;
        if (_frames[top].Index >= arguments.Count) return false;
        Push(task, arguments[_frames[top].Index++].Expression);
        return true;
    }

    /// <summary>(e) and checked(e) are e: the frame continues with the inner expression. False for anything else.</summary>
    private bool Unwrapped(int top, ExpressionSyntax expression)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                Replace(top, parenthesized.Expression);
                return true;
            case CheckedExpressionSyntax checkedExpression:
                Replace(top, checkedExpression.Expression);
                return true;
            default:
                return false;
        }
    }

    private void DispatchDouble(int top, ExpressionSyntax expression)
    {
        Optional<object?> constant = ConstantValue(expression);
        if (constant.HasValue && constant.Value is not null and not bool and not string and not char)
        {
            Finish(Graph.Constant(Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture)));
            return;
        }
        if (Unwrapped(top, expression)) return;

        ITypeSymbol? type = TypeOf(expression);
        if (IntegerArithmetic.IsIntegral(type))
        {
            if (expression is CastExpressionSyntax truncation && TypeOf(truncation.Expression) is { } from && !IntegerArithmetic.IsIntegral(from))
                throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), $"the cast to '{type!.ToDisplayString()}' truncates a '{from.ToDisplayString()}', which is not differentiable");
            _frames[top].Stage = ConvertInteger;
            Push(Task.Integer, expression);
            return;
        }
        if (type?.SpecialType == SpecialType.System_Single)
            throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), "it computes in float, and the generated code computes in double; use double and Math");

        switch (expression)
        {
            case CastExpressionSyntax cast when type?.SpecialType == SpecialType.System_Double:
                Replace(top, cast.Expression);
                return;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryMinusExpression):
                _frames[top].Stage = NegateOperand;
                Push(Task.Double, prefix.Operand);
                return;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryPlusExpression):
                Replace(top, prefix.Operand);
                return;
            case BinaryExpressionSyntax binary:
                if (!binary.IsKind(SyntaxKind.AddExpression) && !binary.IsKind(SyntaxKind.SubtractExpression) &&
                    !binary.IsKind(SyntaxKind.MultiplyExpression) && !binary.IsKind(SyntaxKind.DivideExpression))
                    throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), $"the operator '{binary.OperatorToken.Text}' is not differentiable");
                _frames[top].Stage = BinaryLeft;
                Push(Task.Double, binary.Left);
                return;
            case ConditionalExpressionSyntax conditional:
                _frames[top].Stage = ChooseBranch;
                Push(Task.Boolean, conditional.Condition);
                return;
            case ElementAccessExpressionSyntax element:
                _frames[top].Stage = ReadElement;
                PushIndex(element);
                return;
            case IdentifierNameSyntax identifier:
                Finish(Identifier(identifier));
                return;
            case InvocationExpressionSyntax invocation:
                DispatchCall(top, invocation);
                return;
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
            if (value.Kind == ValueKind.Integer) return Graph.Constant(value.Number);
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

    /// <summary>Checks that x, p, u or dxdt is indexed and queues the index; <see cref="Element"/> then pops it.</summary>
    private void PushIndex(ElementAccessExpressionSyntax element)
    {
        ISymbol? symbol = Symbol(element.Expression);
        if (symbol is not IParameterSymbol parameter || !_roles.ContainsKey(parameter) || element.ArgumentList.Arguments.Count != 1)
            throw Fail(DiagnosticDescriptors.UnsupportedExpression, element, element.ToString(), "only the span parameters of the vector field can be indexed");
        Push(Task.Integer, element.ArgumentList.Arguments[0].Expression);
    }

    /// <summary>Resolves x[i], p[i], u[i] or dxdt[i] to its role and a checked constant index (popped from the value stack).</summary>
    private (InputRole Role, int Index, string Name) Element(ElementAccessExpressionSyntax element)
    {
        var parameter = (IParameterSymbol)Symbol(element.Expression)!;
        InputRole role = _roles[parameter];
        ExpressionSyntax indexSyntax = element.ArgumentList.Arguments[0].Expression;
        Value value = PopValue();
        if (value.Kind != ValueKind.Integer) throw Fail(DiagnosticDescriptors.NonConstantIndex, indexSyntax, indexSyntax.ToString(), parameter.Name);
        long index = value.Number;
        int count = _counts[(int)role];
        if (index < 0 || index >= count)
        {
            string countName = role switch { InputRole.Parameter => ParameterCountName, InputRole.Stimulus => "Stimuli", _ => StateCountName };
            string attributeName = AttributeName;
            if (role == InputRole.Output && OutputCount is { } output) (attributeName, countName) = output;
            throw Fail(DiagnosticDescriptors.IndexOutOfRange, element, parameter.Name, index.ToString(CultureInfo.InvariantCulture), countName, count.ToString(CultureInfo.InvariantCulture), attributeName);
        }
        return (role, (int)index, parameter.Name);
    }

    /// <summary>An [Activation] of this type is inlined after its argument; a Math function is built after its arguments.</summary>
    private void DispatchCall(int top, InvocationExpressionSyntax invocation)
    {
        if (Symbol(invocation) is not IMethodSymbol method)
            throw Fail(DiagnosticDescriptors.UnsupportedCall, invocation, invocation.Expression.ToString());
        var arguments = invocation.ArgumentList.Arguments;

        if (HasAttribute(method, AttributeRules.Activation) && SymbolEqualityComparer.Default.Equals(method.ContainingType, _modelType))
        {
            if (arguments.Count != 1) throw Fail(DiagnosticDescriptors.UnsupportedCall, invocation, method.Name);
            _frameCount--;
            Push(Task.Inline, invocation, method);
            Push(Task.Double, arguments[0].Expression);
            return;
        }

        string container = method.ContainingType?.ToDisplayString() ?? "";
        bool known = container is "System.Math" or "double" or "System.Double" && method.Name switch
        {
            "Exp" or "Sqrt" or "Sin" or "Cos" or "Tan" or "Tanh" or "Sinh" or "Cosh" or "Atan" or "Abs" or "Log10" => arguments.Count == 1,
            "Log" => arguments.Count is 1 or 2,
            "Pow" => arguments.Count == 2,
            _ => false,
        };
        if (!known) throw Fail(DiagnosticDescriptors.UnsupportedCall, invocation, container.Length > 0 ? container + "." + method.Name : method.Name);
        _frames[top].Stage = MathArguments;
        _frames[top].Index = 0;
        _frames[top].State = method.Name;
    }

    /// <summary>The Math function <paramref name="name"/> of the arguments on the value stack.</summary>
    private int MathCall(InvocationExpressionSyntax invocation, string name)
    {
        int count = invocation.ArgumentList.Arguments.Count;
        int second = count == 2 ? PopValue().Node : -1;
        int first = PopValue().Node;
        return name switch
        {
            "Exp" => Graph.Unary(Op.Exp, first),
            "Sqrt" => Graph.Unary(Op.Sqrt, first),
            "Sin" => Graph.Unary(Op.Sin, first),
            "Cos" => Graph.Unary(Op.Cos, first),
            "Tan" => Graph.Unary(Op.Tan, first),
            "Tanh" => Graph.Unary(Op.Tanh, first),
            "Sinh" => Graph.Unary(Op.Sinh, first),
            "Cosh" => Graph.Unary(Op.Cosh, first),
            "Atan" => Graph.Unary(Op.Atan, first),
            "Abs" => Graph.Unary(Op.Abs, first),
            "Log10" => Graph.Divide(Graph.Unary(Op.Log, first), Graph.Constant(Math.Log(10.0))),
            "Log" when count == 2 => Graph.Divide(Graph.Unary(Op.Log, first), Graph.Unary(Op.Log, second)),
            "Log" => Graph.Unary(Op.Log, first),
            _ => Graph.Power(first, second),
        };
    }

    // ---------------------------------------------------------------- integer and boolean expressions

    // Stages of Integer and Boolean frames past dispatch (0).
    private const int CastOperand = 1, IntegerNegate = 2, IntegerLeft = 3, IntegerRight = 4, IntegerBranch = 5, IntegerCallArguments = 6;
    private const int NotOperand = 1, LogicalLeft = 2, LogicalRight = 3, CompareLeft = 4, CompareRight = 5;

    /// <summary>
    /// The exact value of an integer expression known at compile time after unrolling, or Unknown.
    /// Results are range-checked against their C# type (<see cref="IntegerArithmetic"/>).
    /// </summary>
    private void StepInteger(int top)
    {
        var expression = (ExpressionSyntax)_frames[top].Node;
        switch (_frames[top].Stage)
        {
            case 0:
                DispatchInteger(top, expression);
                return;
            case CastOperand:
            {
                Value value = PopValue();
                ITypeSymbol target = TypeOf(expression)!;
                if (value.Kind == ValueKind.Integer && !IntegerArithmetic.Fits(value.Number, target.SpecialType)) throw Overflow(expression, target);
                FinishValue(value);
                return;
            }
            case IntegerNegate:
            {
                Value value = PopValue();
                if (value.Kind != ValueKind.Integer)
                {
                    FinishValue(Value.Unknown);
                    return;
                }
                if (IntegerArithmetic.Negate(value.Number, TypeOf(expression)!.SpecialType, out long negated) != IntegerArithmetic.Outcome.Value)
                    throw Overflow(expression, TypeOf(expression)!);
                FinishValue(Value.FromInteger(negated));
                return;
            }
            case IntegerLeft:
                _frames[top].Stage = IntegerRight;
                Push(Task.Integer, ((BinaryExpressionSyntax)expression).Right);
                return;
            case IntegerRight:
            {
                Value right = PopValue(), left = PopValue();
                if (left.Kind != ValueKind.Integer || right.Kind != ValueKind.Integer)
                {
                    FinishValue(Value.Unknown);
                    return;
                }
                FinishValue(Value.FromInteger(Arithmetic(expression, expression.Kind(), left.Number, right.Number, TypeOf(expression)!)));
                return;
            }
            case IntegerBranch:
            {
                var conditional = (ConditionalExpressionSyntax)expression;
                Value condition = PopValue();
                if (condition.Kind != ValueKind.Boolean) FinishValue(Value.Unknown);
                else Replace(top, condition.Bool ? conditional.WhenTrue : conditional.WhenFalse);
                return;
            }
            default:
            {
                var invocation = (InvocationExpressionSyntax)expression;
                if (PushNextArgument(top, invocation, Task.Integer)) return;
                FinishValue(IntegerCall(invocation, (string)_frames[top].State!));
                return;
            }
        }
    }

    private void DispatchInteger(int top, ExpressionSyntax expression)
    {
        Optional<object?> constant = ConstantValue(expression);
        if (constant.HasValue)
        {
            if (constant.Value is ulong big && big > long.MaxValue) throw Overflow(expression, _compilation.GetSpecialType(SpecialType.System_Int64));
            // A char constant is its code in integer arithmetic, as in C# ('a' * x[0] is 97 * x[0]).
            FinishValue(constant.Value is int or short or byte or sbyte or ushort or long or uint or ulong
                ? Value.FromInteger(Convert.ToInt64(constant.Value, CultureInfo.InvariantCulture))
                : constant.Value is char code ? Value.FromInteger(code) : Value.Unknown);
            return;
        }
        if (Unwrapped(top, expression)) return;
        ITypeSymbol? type = TypeOf(expression);
        if (!IntegerArithmetic.IsSupported(type))
        {
            FinishValue(Value.Unknown);
            return;
        }
        switch (expression)
        {
            case CastExpressionSyntax cast when IntegerArithmetic.IsSupported(TypeOf(cast.Expression)):
                _frames[top].Stage = CastOperand;
                Push(Task.Integer, cast.Expression);
                return;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryMinusExpression):
                _frames[top].Stage = IntegerNegate;
                Push(Task.Integer, prefix.Operand);
                return;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.UnaryPlusExpression):
                Replace(top, prefix.Operand);
                return;
            case BinaryExpressionSyntax binary:
                if (binary.Kind() is not (SyntaxKind.AddExpression or SyntaxKind.SubtractExpression or SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression
                    or SyntaxKind.ModuloExpression or SyntaxKind.BitwiseAndExpression or SyntaxKind.BitwiseOrExpression or SyntaxKind.ExclusiveOrExpression))
                    throw Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), $"the integer operator '{binary.OperatorToken.Text}' is not supported");
                _frames[top].Stage = IntegerLeft;
                Push(Task.Integer, binary.Left);
                return;
            case ConditionalExpressionSyntax conditional:
                _frames[top].Stage = IntegerBranch;
                Push(Task.Boolean, conditional.Condition);
                return;
            case IdentifierNameSyntax identifier:
                FinishValue(Symbol(identifier) is { } symbol && _env.TryGetValue(symbol, out Value value) && value.Kind == ValueKind.Integer ? value : Value.Unknown);
                return;
            case InvocationExpressionSyntax invocation when Symbol(invocation) is IMethodSymbol { ContainingType: { } math } method
                && math.ToDisplayString() == "System.Math" && method.Name is "Abs" or "Max" or "Min":
                _frames[top].Stage = IntegerCallArguments;
                _frames[top].Index = 0;
                _frames[top].State = method.Name;
                return;
            default:
                FinishValue(Value.Unknown);
                return;
        }
    }

    private long Arithmetic(ExpressionSyntax at, SyntaxKind kind, long left, long right, ITypeSymbol type) =>
        IntegerArithmetic.Binary(kind, left, right, type.SpecialType, out long result) switch
        {
            IntegerArithmetic.Outcome.Value => result,
            IntegerArithmetic.Outcome.Overflow => throw Overflow(at, type),
            IntegerArithmetic.Outcome.DivideByZero => throw Fail(DiagnosticDescriptors.UnsupportedExpression, at, at.ToString(), "integer division by zero"),
            _ => throw Fail(DiagnosticDescriptors.UnsupportedExpression, at, at.ToString(), "unsupported integer operation"),
        };

    /// <summary>Math.Abs, Max or Min of integers already on the value stack.</summary>
    private Value IntegerCall(InvocationExpressionSyntax invocation, string name)
    {
        int count = invocation.ArgumentList.Arguments.Count;
        var arguments = new Value[count];
        for (int i = count - 1; i >= 0; i--) arguments[i] = PopValue();
        foreach (Value argument in arguments)
            if (argument.Kind != ValueKind.Integer) return Value.Unknown;
        ITypeSymbol type = TypeOf(invocation)!;
        switch (name)
        {
            case "Abs" when count == 1:
                // Math.Abs(int.MinValue) throws; the interpreter reports it as an overflow.
                if (IntegerArithmetic.Negate(arguments[0].Number, type.SpecialType, out long negated) != IntegerArithmetic.Outcome.Value) throw Overflow(invocation, type);
                return Value.FromInteger(Math.Max(arguments[0].Number, negated));
            case "Max" when count == 2:
                return Value.FromInteger(Math.Max(arguments[0].Number, arguments[1].Number));
            case "Min" when count == 2:
                return Value.FromInteger(Math.Min(arguments[0].Number, arguments[1].Number));
            default:
                return Value.Unknown;
        }
    }

    /// <summary>The value of a condition known at compile time after unrolling, or Unknown.</summary>
    private void StepBoolean(int top)
    {
        var expression = (ExpressionSyntax)_frames[top].Node;
        switch (_frames[top].Stage)
        {
            case 0:
                DispatchBoolean(top, expression);
                return;
            case NotOperand:
            {
                Value operand = PopValue();
                FinishValue(operand.Kind == ValueKind.Boolean ? Value.FromBool(!operand.Bool) : Value.Unknown);
                return;
            }
            case LogicalLeft:
            {
                var binary = (BinaryExpressionSyntax)expression;
                Value left = PopValue();
                bool decisive = binary.IsKind(SyntaxKind.LogicalAndExpression) ? false : true;
                if (left.Kind == ValueKind.Boolean && left.Bool == decisive)
                {
                    FinishValue(left);
                    return;
                }
                _frames[top].Stage = LogicalRight;
                _frames[top].Mark = left.Kind == ValueKind.Boolean ? 1 : 0;
                Push(Task.Boolean, binary.Right);
                return;
            }
            case LogicalRight:
            {
                Value right = PopValue();
                FinishValue(_frames[top].Mark == 1 && right.Kind == ValueKind.Boolean ? right : Value.Unknown);
                return;
            }
            case CompareLeft:
                _frames[top].Stage = CompareRight;
                Push(Task.Integer, ((BinaryExpressionSyntax)expression).Right);
                return;
            default:
            {
                Value right = PopValue(), left = PopValue();
                if (left.Kind != ValueKind.Integer || right.Kind != ValueKind.Integer)
                {
                    FinishValue(Value.Unknown);
                    return;
                }
                long l = left.Number, r = right.Number;
                FinishValue(Value.FromBool(expression.Kind() switch
                {
                    SyntaxKind.LessThanExpression => l < r,
                    SyntaxKind.LessThanOrEqualExpression => l <= r,
                    SyntaxKind.GreaterThanExpression => l > r,
                    SyntaxKind.GreaterThanOrEqualExpression => l >= r,
                    SyntaxKind.EqualsExpression => l == r,
                    _ => l != r,
                }));
                return;
            }
        }
    }

    private void DispatchBoolean(int top, ExpressionSyntax expression)
    {
        Optional<object?> constant = ConstantValue(expression);
        if (constant.HasValue)
        {
            FinishValue(constant.Value is bool known ? Value.FromBool(known) : Value.Unknown);
            return;
        }
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                Replace(top, parenthesized.Expression);
                return;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.LogicalNotExpression):
                _frames[top].Stage = NotOperand;
                Push(Task.Boolean, prefix.Operand);
                return;
            case IdentifierNameSyntax identifier:
                FinishValue(Symbol(identifier) is { } symbol && _env.TryGetValue(symbol, out Value value) && value.Kind == ValueKind.Boolean ? value : Value.Unknown);
                return;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression):
                _frames[top].Stage = LogicalLeft;
                Push(Task.Boolean, binary.Left);
                return;
            case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression
                or SyntaxKind.GreaterThanOrEqualExpression or SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression:
                _frames[top].Stage = CompareLeft;
                Push(Task.Integer, binary.Left);
                return;
            default:
                FinishValue(Value.Unknown);
                return;
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

    /// <summary>
    /// Fills the type, constant and symbol caches for a whole method body from one bound operation
    /// tree. Asking the semantic model node by node costs time proportional to the node's depth in a
    /// long operator chain (quadratic in all: seconds for an expression 10 000 terms long); the
    /// operation tree is bound once. Where an implicit conversion shares its operand's syntax, the
    /// operand (visited later) wins, which is what GetTypeInfo(..).Type and GetConstantValue report.
    /// Nodes without an operation (parentheses) fall back to the semantic model.
    /// </summary>
    private void Prime(SyntaxNode body)
    {
        if (Model(body).GetOperation(body, _cancellation) is not { } root) return;
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            IOperation operation = pending.Pop();
            foreach (IOperation child in operation.ChildOperations) pending.Push(child);
            if (operation.Syntax is not ExpressionSyntax syntax || operation is Microsoft.CodeAnalysis.Operations.IInvalidOperation) continue;
            _types[syntax] = operation.Type;
            _constants[syntax] = operation.ConstantValue;
            ISymbol? symbol = operation switch
            {
                Microsoft.CodeAnalysis.Operations.ILocalReferenceOperation local => local.Local,
                Microsoft.CodeAnalysis.Operations.IParameterReferenceOperation parameter => parameter.Parameter,
                Microsoft.CodeAnalysis.Operations.IFieldReferenceOperation field => field.Field,
                Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation => invocation.TargetMethod,
                _ => null,
            };
            if (symbol is not null) _symbols[syntax] = symbol;
        }
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

    public static bool HasAttribute(ISymbol symbol, string fullName)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
            if (attribute.AttributeClass?.ToDisplayString() == fullName) return true;
        return false;
    }

    private ParseFailure NotConstantInteger(ExpressionSyntax expression) =>
        Fail(DiagnosticDescriptors.UnsupportedExpression, expression, expression.ToString(), "an integer value must be a compile-time constant after unrolling");

    private static ParseFailure Overflow(SyntaxNode at, ITypeSymbol type) =>
        Fail(DiagnosticDescriptors.IntegerOverflow, at, at.ToString(), type.ToDisplayString());

    private static ParseFailure Fail(DiagnosticDescriptor descriptor, SyntaxNode node, params string[] arguments) =>
        new(DiagnosticInfo.Create(descriptor, node.GetLocation(), arguments));

    private static ParseFailure Fail(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        new(DiagnosticInfo.Create(descriptor, location, arguments));
}
