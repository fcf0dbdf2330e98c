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

    /// <param name="type">The compiled model type.</param>
    /// <param name="userMethod">The user's method the generated members were made from.</param>
    /// <param name="measurement">
    /// Load the [Measurement] members (h, its Jacobian, wᵀ∂h, Σ wₗ∇²hₗ) in the places of the vector field's, for a
    /// model whose measurement has as many outputs as it has states: every property is then checked of h.
    /// </param>
    public LoadedModel(Type type, string userMethod, bool measurement = false)
    {
        string prefix = measurement ? "Measurement" : "";
        Name = type.Name + (measurement ? " [Measurement]" : "");
        States = (int)type.GetProperty("StateCount", Static)!.GetValue(null)!;
        Parameters = (int)type.GetProperty("ParameterCount", Static)!.GetValue(null)!;
        Stimuli = (int)type.GetProperty("StimulusCount", Static)!.GetValue(null)!;
        if (measurement && (int)type.GetProperty("MeasurementCount", Static)!.GetValue(null)! != States)
            throw new ArgumentException($"{type.Name}: a measurement is checked like a vector field only when it has one output per state.", nameof(measurement));
        JacobianPattern = (SparsityPattern)type.GetProperty(prefix + "JacobianPattern", Static)!.GetValue(null)!;
        SecondDerivativePattern = (SparsityPattern)type.GetProperty(prefix + "SecondDerivativePattern", Static)!.GetValue(null)!;
        VectorField = type.GetMethod(measurement ? "Measurement" : "VectorField", Static)!.CreateDelegate<Member>();
        Jacobian = type.GetMethod(prefix + "Jacobian", Static)!.CreateDelegate<Member>();
        TransposeProduct = type.GetMethod(prefix + "JacobianTransposeProduct", Static)!.CreateDelegate<WeightedMember>();
        SecondDerivative = type.GetMethod(prefix + "SecondDerivativeContraction", Static)!.CreateDelegate<WeightedMember>();

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
