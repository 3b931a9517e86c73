using System.Xml;
using System.Xml.Linq;

namespace Pytti.Cli;

/// <summary>
/// MSBuild property values read from a content project's files without MSBuild: the last value the project file sets,
/// else the last one the nearest <c>Directory.Build.props</c> at or above its folder sets (the project body is evaluated
/// after that file, so it wins). <c>$(MSBuildThisFileDirectory)</c> and <c>$(MSBuildProjectDirectory)</c> are expanded;
/// a value built from any other property cannot be known here and counts as unset.
/// </summary>
internal sealed class ProjectProperties(string? projectFile, string projectDirectory, bool searchAbove = true)
{
    /// <summary>What the <c>Directory.Build.props</c> of <paramref name="directory"/> alone sets (a folder of scenes without a project file).</summary>
    public static ProjectProperties PropsAlone(string directory) => new(Path.Combine(directory, "Directory.Build.props"), directory, searchAbove: false);

    public string ProjectDirectory => projectDirectory;

    /// <summary>The property's value as the project and its <c>Directory.Build.props</c> set it, expanded; null when unset or not knowable.</summary>
    public string? Value(string name) =>
        (projectFile is null ? null : SetIn(projectFile, name))
        ?? (searchAbove ? PropsChain().Select(props => SetIn(props, name)).FirstOrDefault(v => v is not null) : null);

    /// <summary>A folder-valued property as the build resolves it (relative to the project folder), as a full path.</summary>
    public string? Folder(string name) => Value(name) is { } value ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(value, projectDirectory)) : null;

    /// <summary>The last <c>PyttiScene</c> item of the project file naming <paramref name="relativeScene"/> (Include or Update) that sets <paramref name="metadata"/>.</summary>
    public string? SceneMetadata(string relativeScene, string metadata)
    {
        if (projectFile is null) return null;
        var wanted = Normalise(relativeScene);
        return Safe(() => XDocument.Load(projectFile).Descendants().Where(e => e.Name.LocalName == "PyttiScene")
            .Where(e => Normalise((string?)e.Attribute("Update") ?? (string?)e.Attribute("Include") ?? "") == wanted)
            .Select(e => (string?)e.Attribute(metadata) ?? e.Elements().LastOrDefault(m => m.Name.LocalName == metadata)?.Value)
            .LastOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } value ? Expand(value.Trim(), projectFile) : null);
    }

    private IEnumerable<string> PropsChain()
    {
        for (var dir = new DirectoryInfo(projectDirectory); dir is not null; dir = dir.Parent)
            yield return Path.Combine(dir.FullName, "Directory.Build.props");
    }

    private string? SetIn(string file, string name)
    {
        if (!File.Exists(file)) return null;
        var value = Safe(() => XDocument.Load(file).Descendants().LastOrDefault(e => e.Name.LocalName == name)?.Value.Trim());
        return string.IsNullOrEmpty(value) ? null : Expand(value, file);
    }

    private string? Expand(string value, string file)
    {
        var expanded = value.Replace("$(MSBuildThisFileDirectory)", Path.GetDirectoryName(file) + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildProjectDirectory)", projectDirectory, StringComparison.OrdinalIgnoreCase);
        return expanded.Contains("$(", StringComparison.Ordinal) ? null : expanded;
    }

    private static string Normalise(string path)
    {
        var normal = path.Trim().Replace('\\', '/');
        while (normal.StartsWith("./", StringComparison.Ordinal)) normal = normal[2..];
        return normal;
    }

    /// <summary>An unreadable project file or folder counts as none: the query then works as outside a project.</summary>
    internal static T? Safe<T>(Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return default;
        }
    }
}
