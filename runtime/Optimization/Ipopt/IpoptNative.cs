using System;
using System.Runtime.InteropServices;

namespace DeepestLearning;

/// <summary>
/// IPOPT's C interface (IpStdCInterface.h, IPOPT 3.11 as packaged by Debian in
/// coinor-libipopt1v5): Number = double, Index = Bool = int, callbacks return Bool.
/// </summary>
internal static unsafe class IpoptNative
{
    public const string Library = "libipopt.so.1";

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr CreateIpoptProblem(int n, double* xLower, double* xUpper, int m, double* gLower, double* gUpper,
        int jacobianNonZeros, int hessianNonZeros, int indexStyle,
        delegate* unmanaged[Cdecl]<int, double*, int, double*, IntPtr, int> evalF,
        delegate* unmanaged[Cdecl]<int, double*, int, int, double*, IntPtr, int> evalG,
        delegate* unmanaged[Cdecl]<int, double*, int, double*, IntPtr, int> evalGradF,
        delegate* unmanaged[Cdecl]<int, double*, int, int, int, int*, int*, double*, IntPtr, int> evalJacG,
        delegate* unmanaged[Cdecl]<int, double*, int, double, int, double*, int, int, int*, int*, double*, IntPtr, int> evalH);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern void FreeIpoptProblem(IntPtr problem);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int AddIpoptStrOption(IntPtr problem, byte* keyword, byte* value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int AddIpoptNumOption(IntPtr problem, byte* keyword, double value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int AddIpoptIntOption(IntPtr problem, byte* keyword, int value);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int SetIntermediateCallback(IntPtr problem,
        delegate* unmanaged[Cdecl]<int, int, double, double, double, double, double, double, double, double, int, IntPtr, int> callback);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    public static extern int IpoptSolve(IntPtr problem, double* x, double* g, double* objective, double* multG, double* multXLower, double* multXUpper, IntPtr userData);

    /// <summary>IPOPT's ApplicationReturnStatus names, for messages.</summary>
    public static string StatusName(int status) => status switch
    {
        0 => "Solve_Succeeded",
        1 => "Solved_To_Acceptable_Level",
        2 => "Infeasible_Problem_Detected",
        3 => "Search_Direction_Becomes_Too_Small",
        4 => "Diverging_Iterates",
        5 => "User_Requested_Stop",
        6 => "Feasible_Point_Found",
        -1 => "Maximum_Iterations_Exceeded",
        -2 => "Restoration_Failed",
        -3 => "Error_In_Step_Computation",
        -4 => "Maximum_CpuTime_Exceeded",
        -10 => "Not_Enough_Degrees_Of_Freedom",
        -11 => "Invalid_Problem_Definition",
        -12 => "Invalid_Option",
        -13 => "Invalid_Number_Detected",
        -100 => "Unrecoverable_Exception",
        -101 => "NonIpopt_Exception_Thrown",
        -102 => "Insufficient_Memory",
        -199 => "Internal_Error",
        _ => $"status {status}",
    };
}
