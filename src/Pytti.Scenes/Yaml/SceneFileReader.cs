using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Yaml;

/// <summary>
/// Reads a <c>*.pytti.yaml</c> file and the files it <c>extends:</c> (relative to its folder, applied
/// in order, the file itself last) into one list of entries where later keys replace earlier ones.
/// Each entry keeps the location it was written at.
/// </summary>
public sealed class SceneFileReader(DiagnosticBag diagnostics, string workingDirectory)
{
    private readonly List<string> _stack = [];

    /// <summary>Merged entries by key, in the order keys were first seen.</summary>
    public Dictionary<string, YamlEntry> Read(string path, SourceLocation? referencedAt = null)
    {
        var merged = new Dictionary<string, YamlEntry>(StringComparer.Ordinal);
        var full = Path.GetFullPath(path, workingDirectory);
        if (_stack.Contains(full, StringComparer.Ordinal))
        {
            diagnostics.Add(ErrorCodes.ExtendsCycle, $"'{Display(full)}' extends itself: {string.Join(" -> ", _stack.Append(full).Select(Display))}", referencedAt ?? SourceLocation.None);
            return merged;
        }
        if (!File.Exists(full))
        {
            diagnostics.Add(ErrorCodes.FileNotFound, $"scene file '{Display(full)}' does not exist", referencedAt ?? new SourceLocation(Display(full), 0, 0));
            return merged;
        }
        _stack.Add(full);
        try
        {
            ReadInto(full, merged);
        }
        finally
        {
            _stack.RemoveAt(_stack.Count - 1);
        }
        return merged;
    }

    private void ReadInto(string full, Dictionary<string, YamlEntry> merged)
    {
        var display = Display(full);
        if (!SceneText.TryRead(full, display, diagnostics, out var text))
            return;
        var root = YamlTreeReader.Read(text, display, Path.GetDirectoryName(full), diagnostics);
        if (root is null)
            return;
        if (root is not YamlMap map)
        {
            diagnostics.Add(ErrorCodes.NotAMapping, $"a scene file must be a mapping of 'key: value' lines, not {root.KindName}", root.Location);
            return;
        }
        var extends = map.Entries.FirstOrDefault(e => e.Key.Text == ParameterSchema.ExtendsKey);
        if (extends is not null)
        {
            foreach (var (basePath, location) in ExtendsPaths(extends))
            {
                foreach (var (key, entry) in Read(Path.Combine(Path.GetDirectoryName(full)!, basePath), location))
                    merged[key] = entry;
            }
        }
        foreach (var entry in map.Entries.Where(e => e.Key.Text != ParameterSchema.ExtendsKey))
            merged[entry.Key.Text] = entry;
    }

    private IEnumerable<(string Path, SourceLocation Location)> ExtendsPaths(YamlEntry extends)
    {
        IReadOnlyList<YamlValue> items = extends.Value switch
        {
            YamlList list => list.Items,
            YamlScalar { IsNull: true } => [],
            var single => [single],
        };
        foreach (var item in items)
        {
            if (item is YamlScalar { IsNull: false } scalar && scalar.Text.Trim().Length > 0)
                yield return (scalar.Text.Trim(), scalar.Location);
            else
                diagnostics.Add(ErrorCodes.InvalidExtends, "'extends' must be a file path or a list of file paths", item.Location);
        }
    }

    /// <summary>Paths in messages are relative to the working directory when below it.</summary>
    public string Display(string full)
    {
        var relative = Path.GetRelativePath(workingDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }
}
