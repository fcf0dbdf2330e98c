using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace DeepestLearning.Tests.Generator;

/// <summary>
/// A tiny golden-file helper: compares text with Golden/{name}.verified.cs next to the tests. On a
/// difference it writes Golden/{name}.received.cs and fails; accept a change by renaming the
/// received file over the verified one (see README).
/// </summary>
public static class GoldenFile
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(callerPath))!, "Golden");
        string verified = Path.Combine(folder, name + ".verified.cs");
        string received = Path.Combine(folder, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No golden file {verified}; wrote {received}. Review it and rename it to .verified.cs to accept."
            : $"Generated source differs from {verified}; wrote {received}. Diff the two and rename to accept.");
    }
}
