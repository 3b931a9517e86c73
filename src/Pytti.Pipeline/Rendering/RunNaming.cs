using System.Text.RegularExpressions;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// PyTTI's run naming (reference 10.2): <c>&lt;ns&gt;</c> when <c>allow_overwrite</c>; otherwise the first
/// of <c>&lt;ns&gt;</c>, <c>&lt;ns&gt;(1)</c>, <c>&lt;ns&gt;(2)</c>, ... whose first frame does not exist yet.
/// </summary>
public static class RunNaming
{
    public static string BaseName(string outputDirectory, string fileNamespace, bool allowOverwrite)
    {
        if (allowOverwrite || !Directory.Exists(outputDirectory)) return fileNamespace;
        var pattern = new Regex("^" + Regex.Escape(fileNamespace) + @"\(?(\d*)\)?_1\.png$");
        var taken = Directory.EnumerateFiles(outputDirectory)
            .Select(f => pattern.Match(Path.GetFileName(f)))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value.Length == 0 ? 0 : int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToHashSet();
        var k = 0;
        while (taken.Contains(k)) k++;
        return k == 0 ? fileNamespace : $"{fileNamespace}({k})";
    }
}
