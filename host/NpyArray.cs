using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepestLearning.Cli;

/// <summary>
/// Reads NumPy's <c>.npy</c> format (versions 1–3) for what data files need: little-endian
/// float64 or float32, C order, one or two dimensions. A 1-D array of n values is n rows of one column.
/// </summary>
internal static class NpyArray
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <summary>The array as rows × columns, row-major; a file that is not such an array throws <see cref="FormatException"/>.</summary>
    public static (int Rows, int Columns, double[] Values) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic)) throw new FormatException($"{path}: not a .npy file (no \\x93NUMPY signature).");
        int major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
                headerStart = 10;
                break;
            case 2 or 3:
                if (bytes.Length < 12) throw new FormatException($"{path}: truncated .npy header.");
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4));
                if (length > int.MaxValue) throw new FormatException($"{path}: .npy header too long.");
                headerLength = (int)length;
                headerStart = 12;
                break;
            default:
                throw new FormatException($"{path}: .npy format version {major} is not supported (1, 2 or 3).");
        }
        if ((long)headerStart + headerLength > bytes.Length) throw new FormatException($"{path}: truncated .npy header.");
        string header = Encoding.UTF8.GetString(bytes, headerStart, headerLength);

        string descr = Field(header, "descr", path);
        int width = descr switch
        {
            "<f8" => 8,
            "<f4" => 4,
            _ => throw new FormatException($"{path}: .npy element type '{descr}' is not supported (little-endian float64 '<f8' or float32 '<f4')."),
        };
        if (!Regex.IsMatch(header, @"'fortran_order'\s*:\s*False")) throw new FormatException($"{path}: Fortran-ordered .npy arrays are not supported (save with C order).");
        Match shapeMatch = Regex.Match(header, @"'shape'\s*:\s*\(([^)]*)\)");
        if (!shapeMatch.Success) throw new FormatException($"{path}: the .npy header has no shape.");
        long[] shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.TryParse(s, out long n) && n >= 0 ? n : throw new FormatException($"{path}: bad .npy shape '({shapeMatch.Groups[1].Value})'.")).ToArray();
        if (shape.Length is not (1 or 2)) throw new FormatException($"{path}: a .npy array of {shape.Length} dimensions; data files are 1-D or 2-D.");
        long rows = shape[0], columns = shape.Length == 2 ? shape[1] : 1;
        long count = rows * columns;
        int dataStart = headerStart + headerLength;
        if (count > int.MaxValue || count * width != bytes.Length - dataStart)
            throw new FormatException($"{path}: the .npy shape ({string.Join(", ", shape)}) needs {count * width} data bytes, the file has {bytes.Length - dataStart}.");

        var values = new double[count];
        ReadOnlySpan<byte> data = bytes.AsSpan(dataStart);
        for (int i = 0; i < values.Length; i++)
            values[i] = width == 8
                ? BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(i * 8, 8))
                : BinaryPrimitives.ReadSingleLittleEndian(data.Slice(i * 4, 4));
        return ((int)rows, (int)columns, values);
    }

    private static string Field(string header, string name, string path)
    {
        Match match = Regex.Match(header, $@"'{name}'\s*:\s*'([^']*)'");
        return match.Success ? match.Groups[1].Value : throw new FormatException($"{path}: the .npy header has no '{name}'.");
    }
}
