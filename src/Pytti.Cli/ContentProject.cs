using System.Xml;
using System.Xml.Linq;

namespace Pytti.Cli;

/// <summary>
/// The content project a scene file belongs to, so that <c>pytti plan</c> and <c>pytti render</c> on it use the frame
/// cache its <c>dotnet build</c> uses: the nearest folder above the scene holding a <c>.csproj</c> that references
/// Pytti.Build, or a <c>Directory.Build.props</c> that sets <c>PyttiCacheDir</c>. The cache is that <c>PyttiCacheDir</c>
/// (from the project or the nearest <c>Directory.Build.props</c> at or above it), else the build's default,
/// <c>obj/pytti/cache/</c> in the project folder. Property values built from other MSBuild properties than
/// <c>$(MSBuildThisFileDirectory)</c> and <c>$(MSBuildProjectDirectory)</c> cannot be read without MSBuild and are skipped.
/// </summary>
internal static class ContentProject
{
    private const string CacheProperty = "PyttiCacheDir";

    /// <summary>The frame cache folder of the content project holding <paramref name="scenePath"/>, or null when it is in none.</summary>
    public static string? CacheFor(string scenePath)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(scenePath))!); dir is not null; dir = dir.Parent)
        {
            if (ReferencesPyttiBuild(dir) is { } project)
                return CacheSetIn(project, dir.FullName) ?? PropsCache(dir, dir.FullName) ?? Path.Combine(dir.FullName, "obj", "pytti", "cache");
            if (CacheSetIn(Path.Combine(dir.FullName, "Directory.Build.props"), dir.FullName) is { } cache) return cache;
        }
        return null;
    }

    private static string? ReferencesPyttiBuild(DirectoryInfo dir) =>
        Safe(() => dir.EnumerateFiles("*.csproj").Select(f => f.FullName)
            .FirstOrDefault(f => File.ReadAllText(f).Contains("Pytti.Build", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The nearest <c>Directory.Build.props</c> at or above the project that sets the cache.</summary>
    private static string? PropsCache(DirectoryInfo projectDir, string projectDirectory)
    {
        for (var dir = projectDir; dir is not null; dir = dir.Parent)
            if (CacheSetIn(Path.Combine(dir.FullName, "Directory.Build.props"), projectDirectory) is { } cache) return cache;
        return null;
    }

    /// <summary>The last <c>PyttiCacheDir</c> <paramref name="file"/> sets, as the build resolves it (relative to the project folder).</summary>
    private static string? CacheSetIn(string file, string projectDirectory)
    {
        if (!File.Exists(file)) return null;
        var value = Safe(() => XDocument.Load(file).Descendants().LastOrDefault(e => e.Name.LocalName == CacheProperty)?.Value.Trim());
        if (string.IsNullOrEmpty(value)) return null;
        var expanded = value.Replace("$(MSBuildThisFileDirectory)", Path.GetDirectoryName(file) + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildProjectDirectory)", projectDirectory, StringComparison.OrdinalIgnoreCase);
        return expanded.Contains("$(", StringComparison.Ordinal) ? null : Path.GetFullPath(expanded, projectDirectory);
    }

    /// <summary>An unreadable project file or folder counts as none: the query then works as outside a project.</summary>
    private static T? Safe<T>(Func<T?> read)
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
