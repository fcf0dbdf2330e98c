using System;
using System.Linq;

namespace DeepestLearning.Cli;

/// <summary>The words the command line and the output files use for the library's enumerations.</summary>
internal static class ValueNames
{
    private static readonly (string Name, Discretization Value)[] Discretizations =
    {
        ("euler", Discretization.ForwardEuler),
        ("trapezoid", Discretization.Trapezoid),
        ("hermite-simpson", Discretization.HermiteSimpson),
        ("rk4", Discretization.RungeKutta4),
    };

    private static readonly (string Name, StartKind Value)[] StartKinds =
    {
        ("auto", StartKind.Automatic),
        ("synchronized", StartKind.Synchronized),
        ("uniform", StartKind.Uniform),
    };

    public static string[] DiscretizationNames => Discretizations.Select(d => d.Name).ToArray();

    public static string[] StartNames => StartKinds.Select(s => s.Name).ToArray();

    /// <summary>Minimizers of models; <c>auto</c> lets annealing choose from the problem.</summary>
    public static string[] MinimizerNames => new[] { "auto", "lbfgsb", "newton", "ipopt" };

    /// <summary>Minimizers of networks (an explicit one: the automatic choice is for models).</summary>
    public static string[] NetworkMinimizerNames => new[] { "lbfgsb", "newton", "ipopt" };

    public static string Of(Discretization value) => Discretizations.First(d => d.Value == value).Name;

    public static string Of(StartKind value) => StartKinds.First(s => s.Value == value).Name;

    public static Discretization DiscretizationNamed(string name) => Discretizations.First(d => d.Name == name).Value;

    public static StartKind StartNamed(string name) => StartKinds.First(s => s.Name == name).Value;

    public static MinimizerKind MinimizerNamed(string name) => MinimizerKinds.Parse(name);
}
