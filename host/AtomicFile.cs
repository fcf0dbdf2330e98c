using System;
using System.IO;
using System.Text;

namespace DeepestLearning.Cli;

/// <summary>
/// Writes a file under a temporary name in the same folder, then renames it over the target in one
/// step: a reader (or a run killed mid-write) sees the old file or the complete new one, never a
/// truncated one.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="text">The whole content.</param>
    public static void WriteText(string path, string text) => Write(path, stream =>
    {
        byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        stream.Write(bytes);
    });

    /// <summary>Writes to <paramref name="path"/> atomically through a stream.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="write">Writes the whole content to the stream.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Save(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
            write(stream);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// Lets <paramref name="save"/> write a file at a temporary path (same folder, same extension, so
    /// libraries that choose a format by extension still do), then renames it to <paramref name="path"/>.
    /// </summary>
    /// <param name="path">The target file.</param>
    /// <param name="save">Writes the complete file at the path it is given.</param>
    public static void Save(string path, Action<string> save)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(save);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial{Path.GetExtension(full)}");
        try
        {
            save(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
