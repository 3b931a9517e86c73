using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Hydra;
using Pytti.Scenes.Schema;

namespace Pytti.Scenes.Yaml;

/// <summary>
/// Reads a <c>*.pytti.yaml</c> file and the files it <c>extends:</c> (relative to its folder, applied
/// in order, the file itself last) into one list of entries where later keys replace earlier ones.
/// Each entry keeps the location it was written at. A file with Hydra's <c>defaults:</c> list is
/// composed as Hydra does: its groups (<c>conf: _empty</c>) and <c>_self_</c> in list order, with the
/// options chosen in <see cref="Selections"/> (<c>conf=demo</c>) replacing the listed ones.
/// </summary>
public sealed class SceneFileReader(DiagnosticBag diagnostics, string workingDirectory)
{
    private readonly List<string> _stack = [];
    private readonly HashSet<string> _usedGroups = new(StringComparer.Ordinal);

    /// <summary>Config-group choices from the command line (<c>conf=demo</c>), with where each was written.</summary>
    public IReadOnlyDictionary<string, GroupSelection> Selections { get; init; } = new Dictionary<string, GroupSelection>();

    /// <summary>The selected groups that no <c>defaults:</c> list named (Hydra's <c>+group=option</c>).</summary>
    public IEnumerable<GroupSelection> UnusedSelections => Selections.Values.Where(s => !_usedGroups.Contains(s.Group));

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
        var defaults = map.Entries.FirstOrDefault(e => e.Key.Text == DefaultsList.Key);
        if (defaults is null)
        {
            ReadSelf(full, map, merged);
            return;
        }
        foreach (var item in DefaultsList.Read(defaults.Value, diagnostics))
        {
            if (item is SelfItem)
                ReadSelf(full, map, merged);
            else
                MergeInto(merged, ReadDefault(Path.GetDirectoryName(full)!, item));
        }
    }

    private void ReadSelf(string full, YamlMap map, Dictionary<string, YamlEntry> merged)
    {
        var extends = map.Entries.FirstOrDefault(e => e.Key.Text == ParameterSchema.ExtendsKey);
        if (extends is not null)
        {
            foreach (var (basePath, location) in ExtendsPaths(extends))
                MergeInto(merged, Read(Path.Combine(Path.GetDirectoryName(full)!, basePath), location));
        }
        foreach (var entry in map.Entries.Where(e => e.Key.Text is not (ParameterSchema.ExtendsKey or DefaultsList.Key)))
            merged[entry.Key.Text] = entry;
    }

    internal static void MergeInto(Dictionary<string, YamlEntry> merged, Dictionary<string, YamlEntry> entries)
    {
        foreach (var (key, entry) in entries)
            merged[key] = entry;
    }

    /// <summary>One group or config of a <c>defaults:</c> list; PyTTI creates <c>conf/_empty.yaml</c> itself, so a missing one is empty.</summary>
    private Dictionary<string, YamlEntry> ReadDefault(string folder, DefaultsItem item)
    {
        if (item is ConfigItem config)
            return Read(Path.Combine(folder, config.Name + ".yaml"), config.Location);
        var group = (GroupItem)item;
        _usedGroups.Add(group.Group);
        var chosen = Selections.GetValueOrDefault(group.Group);
        var option = chosen?.Option ?? group.Option;
        var path = option is null ? null : Path.Combine(folder, group.Group, option + ".yaml");
        if (path is null || (!File.Exists(path) && (group.Optional || option == "_empty")))
            return [];
        return ReadGroupFile(folder, group.Group, option!, chosen?.Location ?? group.Location);
    }

    /// <summary>A group option file, which must start with <c># @package _global_</c> as PyTTI's do.</summary>
    public Dictionary<string, YamlEntry> ReadGroupFile(string folder, string group, string option, SourceLocation at)
    {
        var path = Path.Combine(folder, group, option + ".yaml");
        if (!File.Exists(path))
        {
            diagnostics.Add(ErrorCodes.HydraComposition, $"config group '{group}' has no option '{option}'{GroupOptions.Hint(folder, group, option)}", at);
            return [];
        }
        if (!GroupOptions.IsGlobalPackage(path))
            diagnostics.Add(ErrorCodes.HydraComposition, $"'{Display(path)}' must start with the line '# @package _global_' (without it Hydra puts its keys under '{group}' and PyTTI ignores them)", new SourceLocation(Display(path), 1, 1));
        return Read(path, at);
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
