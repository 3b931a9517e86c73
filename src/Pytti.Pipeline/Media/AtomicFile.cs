namespace Pytti.Pipeline.Media;

/// <summary>Writes a file completely beside its target, then renames it into place: readers never see half a file.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
        writer.Write(text);
    });

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = TempPath(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// A temporary name beside <paramref name="full"/> that names this process: <c>.name.&lt;pid&gt;-&lt;guid&gt;.tmp</c>, plus
    /// <paramref name="extension"/> for tools that pick a format by it.
    /// </summary>
    public static string TempPath(string full, string extension = "") =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp{extension}");

    /// <summary>The process that writes temporary file <paramref name="path"/> (see <see cref="TempPath"/>); null for any other name.</summary>
    public static int? WriterOf(string path)
    {
        var m = TempName.Match(Path.GetFileName(path));
        return m.Success && int.TryParse(m.Groups[1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static readonly System.Text.RegularExpressions.Regex TempName = new(@"^\..*\.(\d{1,9})-[0-9a-f]{32}\.tmp(\.\w+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
