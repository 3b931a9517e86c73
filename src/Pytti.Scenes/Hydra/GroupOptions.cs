using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Hydra;

/// <summary>What a config group folder offers: its options (file names) and whether a file is a global package.</summary>
internal static class GroupOptions
{
    public static IReadOnlyList<string> Of(string folder, string group)
    {
        var directory = Path.Combine(folder, group);
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>"; did you mean 'x'?" or the list of options, for a missing option.</summary>
    public static string Hint(string folder, string group, string option)
    {
        var options = Of(folder, group);
        if (options.Count == 0)
            return $"; '{Path.Combine(folder, group)}' holds no .yaml files";
        return Suggestions.Closest(option, options) is { } best ? $"; did you mean '{best}'?" : $"; options: {string.Join(", ", options)}";
    }

    /// <summary>True when the file's first non-blank line is Hydra's <c># @package _global_</c> header.</summary>
    public static bool IsGlobalPackage(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            if (text.Length == 0)
                continue;
            return text.StartsWith('#') && text.TrimStart('#').Trim().Replace(" ", "", StringComparison.Ordinal) == "@package_global_";
        }
        return true;
    }
}
