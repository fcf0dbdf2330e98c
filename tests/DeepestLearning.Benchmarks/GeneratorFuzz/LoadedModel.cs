using System;
using System.Reflection;

namespace DeepestLearning.Fuzzing;

/// <summary>The generated members of one compiled model, called through delegates, next to the user's own vector field.</summary>
public sealed class LoadedModel
{
    public delegate void Member(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, Span<double> output);
    public delegate void WeightedMember(ReadOnlySpan<double> x, ReadOnlySpan<double> p, ReadOnlySpan<double> u, ReadOnlySpan<double> w, Span<double> output);
    private delegate void UserField(ReadOnlySpan<double> x, ReadOnlySpan<double> p, Span<double> dxdt);

    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    public LoadedModel(Type type, string userMethod)
    {
        Name = type.Name;
        States = (int)type.GetProperty("StateCount", Static)!.GetValue(null)!;
        Parameters = (int)type.GetProperty("ParameterCount", Static)!.GetValue(null)!;
        Stimuli = (int)type.GetProperty("StimulusCount", Static)!.GetValue(null)!;
        JacobianPattern = (SparsityPattern)type.GetProperty("JacobianPattern", Static)!.GetValue(null)!;
        SecondDerivativePattern = (SparsityPattern)type.GetProperty("SecondDerivativePattern", Static)!.GetValue(null)!;
        VectorField = type.GetMethod("VectorField", Static)!.CreateDelegate<Member>();
        Jacobian = type.GetMethod("Jacobian", Static)!.CreateDelegate<Member>();
        TransposeProduct = type.GetMethod("JacobianTransposeProduct", Static)!.CreateDelegate<WeightedMember>();
        SecondDerivative = type.GetMethod("SecondDerivativeContraction", Static)!.CreateDelegate<WeightedMember>();

        // The user's method, compiled by C# itself: the reference the generated vector field must reproduce.
        MethodInfo user = type.GetMethod(userMethod, Static)!;
        if (user.GetParameters().Length == 4)
        {
            UserVectorField = user.CreateDelegate<Member>();
        }
        else
        {
            UserField field = user.CreateDelegate<UserField>();
            UserVectorField = (x, p, _, dxdt) => field(x, p, dxdt);
        }
    }

    public string Name { get; }
    public int States { get; }
    public int Parameters { get; }
    public int Stimuli { get; }
    public int Columns => States + Parameters;
    public SparsityPattern JacobianPattern { get; }
    public SparsityPattern SecondDerivativePattern { get; }
    public Member VectorField { get; }
    public Member Jacobian { get; }
    public WeightedMember TransposeProduct { get; }
    public WeightedMember SecondDerivative { get; }
    public Member UserVectorField { get; }
}
