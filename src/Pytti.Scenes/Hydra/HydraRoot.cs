using Pytti.Scenes.Diagnostics;

namespace Pytti.Scenes.Hydra;

/// <summary>
/// PyTTI's command line, <c>python -m pytti.workhorse conf=NAME</c>: Hydra reads <c>config/default.yaml</c>
/// and overlays <c>config/conf/NAME.yaml</c>. Naming the override file itself, when it sits in a
/// <c>conf/</c> folder whose parent holds <c>default.yaml</c>, composes the same way.
/// </summary>
public static class HydraRoot
{
    public const string DefaultConfig = "default.yaml";

    public const string ConfGroup = "conf";

    /// <summary>The file to read first and the <c>conf</c> choice that <paramref name="full"/> stands for, if any.</summary>
    public static (string Root, GroupSelection? Conf) Resolve(string full)
    {
        var folder = Path.GetDirectoryName(full);
        var configFolder = folder is null ? null : Path.GetDirectoryName(folder);
        if (folder is null || configFolder is null || Path.GetFileName(folder) != ConfGroup)
            return (full, null);
        var root = Path.Combine(configFolder, DefaultConfig);
        if (!File.Exists(root))
            return (full, null);
        return (root, new GroupSelection(ConfGroup, Path.GetFileNameWithoutExtension(full), new SourceLocation(full, 1, 1)));
    }

    /// <summary>A key that names a config group (a folder next to the root config) rather than a parameter.</summary>
    public static bool IsGroup(string rootFile, string key) =>
        key.Length > 0 && Schema.ParameterSchema.Find(key) is null && key.IndexOfAny(['/', '\\', '.']) < 0
        && Directory.Exists(Path.Combine(Path.GetDirectoryName(rootFile)!, key));
}
