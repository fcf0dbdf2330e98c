using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using DeepestLearning.Cli;
using Xunit;

namespace DeepestLearning.Tests.Host;

/// <summary>Data files: separators, a header line, a time column, and .npy files written byte by byte here.</summary>
public class DataFileTests : IDisposable
{
    private readonly string _dir = HostFixture.TemporaryFolder();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TextWithHeaderCommasCommentsAndATimeColumn()
    {
        string file = Path.Combine(_dir, "data.csv");
        File.WriteAllText(file, "# measured\ntime,x0,x1\n0.0, 1, 2\n0.5, 3, 4 # a note\n\n1.0,5,6\n");
        List<double[]> rows = DataFile.Read(file, 2, 0.5);
        Assert.Equal(new[] { new[] { 1.0, 2 }, new[] { 3.0, 4 }, new[] { 5.0, 6 } }, rows);
    }

    [Fact]
    public void WhitespaceWithoutTimeColumn()
    {
        string file = Path.Combine(_dir, "data.txt");
        File.WriteAllText(file, "1\t2\n3   4\n");
        Assert.Equal(new[] { new[] { 1.0, 2 }, new[] { 3.0, 4 } }, DataFile.Read(file, 2));
    }

    [Fact]
    public void ATimeColumnOffTheGridIsRejected()
    {
        string file = Path.Combine(_dir, "data.txt");
        File.WriteAllText(file, "0 1\n0.1 2\n0.3 3\n");
        FormatException error = Assert.Throws<FormatException>(() => DataFile.Read(file, 1, 0.1));
        Assert.Contains(":3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextAfterTheFirstLineIsAnError()
    {
        string file = Path.Combine(_dir, "data.txt");
        File.WriteAllText(file, "a b\n1 2\nc d\n");
        Assert.Throws<FormatException>(() => DataFile.Read(file, 2));
    }

    [Fact]
    public void NpyFloat64TwoDimensional()
    {
        string file = Path.Combine(_dir, "data.npy");
        var data = new byte[6 * 8];
        for (int i = 0; i < 6; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), i + 0.5);
        File.WriteAllBytes(file, Npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", data));
        Assert.Equal(new[] { new[] { 0.5, 1.5 }, new[] { 2.5, 3.5 }, new[] { 4.5, 5.5 } }, DataFile.Read(file, 2));
    }

    [Fact]
    public void NpyFloat32OneDimensionalVersionTwo()
    {
        string file = Path.Combine(_dir, "data.npy");
        var data = new byte[4 * 4];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), i * 0.25f);
        File.WriteAllBytes(file, Npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", data));
        Assert.Equal(new[] { new[] { 0.0 }, new[] { 0.25 }, new[] { 0.5 }, new[] { 0.75 } }, DataFile.Read(file, 1));
    }

    [Fact]
    public void NpyWithATimeColumn()
    {
        string file = Path.Combine(_dir, "data.npy");
        var data = new byte[4 * 8];
        double[] values = { 0.0, 7, 0.1, 8 };
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
        File.WriteAllBytes(file, Npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", data));
        Assert.Equal(new[] { new[] { 7.0 }, new[] { 8.0 } }, DataFile.Read(file, 1, 0.1));
    }

    [Theory]
    [InlineData("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", 16)] // big-endian
    [InlineData("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", 16)] // integers
    [InlineData("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 1), }", 16)] // Fortran order
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }", 64)] // 3-D
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 16)] // truncated data
    public void UnsupportedOrBrokenNpyIsAFormatError(string header, int dataBytes)
    {
        string file = Path.Combine(_dir, "data.npy");
        File.WriteAllBytes(file, Npy(1, header, new byte[dataBytes]));
        Assert.Throws<FormatException>(() => DataFile.Read(file, -1));
    }

    /// <summary>A .npy file: magic, version, header length, the header padded with spaces to a multiple of 64 bytes and ended by a newline, the data.</summary>
    internal static byte[] Npy(int version, string header, byte[] data)
    {
        int prefix = version == 1 ? 10 : 12;
        int padded = (prefix + header.Length + 1 + 63) / 64 * 64 - prefix;
        string text = header.PadRight(padded - 1) + "\n";
        using var stream = new MemoryStream();
        stream.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0 });
        var length = new byte[version == 1 ? 2 : 4];
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)text.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)text.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(text));
        stream.Write(data);
        return stream.ToArray();
    }
}
