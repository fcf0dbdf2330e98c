using System;
using System.IO;
using DeepestLearning.Cli;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>Outputs replace their target in one rename: a failed write leaves the old file whole and no temporary behind.</summary>
public class AtomicFileTests : IDisposable
{
    private readonly string _dir = HostFixture.TemporaryFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WriteReplacesTheFileAndLeavesNoTemporary()
    {
        string file = Path.Combine(_dir, "levels.csv");
        File.WriteAllText(file, "old");
        AtomicFile.WriteText(file, "new");
        Assert.Equal("new", File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void AFailedWriteKeepsTheOldFileWholeAndRemovesTheTemporary()
    {
        string file = Path.Combine(_dir, "summary.json");
        File.WriteAllText(file, "complete");
        Assert.Throws<IOException>(() => AtomicFile.Write(file, stream =>
        {
            stream.Write(new byte[] { 1, 2, 3 });
            throw new IOException("killed mid-write");
        }));
        Assert.Equal("complete", File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void SaveKeepsTheExtensionForLibrariesThatChooseTheFormatByIt()
    {
        string file = Path.Combine(_dir, "plot.png");
        string? seen = null;
        AtomicFile.Save(file, temporary =>
        {
            seen = temporary;
            File.WriteAllText(temporary, "png");
        });
        Assert.EndsWith(".png", seen, StringComparison.Ordinal);
        Assert.Equal(_dir, Path.GetDirectoryName(seen));
        Assert.Equal("png", File.ReadAllText(file));
    }
}
