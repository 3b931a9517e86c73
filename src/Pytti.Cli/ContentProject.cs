namespace Pytti.Cli;

/// <summary>
/// The content project a scene file belongs to, so that <c>pytti render</c>, <c>plan</c> and <c>explain</c> on it use the
/// frame cache and the output folder its <c>dotnet build</c> uses, from any working directory: the nearest folder above
/// the scene holding a <c>.csproj</c> that references Pytti.Build, or a <c>Directory.Build.props</c> that sets
/// <c>PyttiCacheDir</c> (which names the cache only). Each folder is what <c>build/Pytti.Build.targets</c> makes of the
/// project's properties (<see cref="ProjectProperties"/>), for the Debug configuration <c>dotnet build</c> builds:
/// <list type="bullet">
/// <item>the cache: <c>PyttiCacheDir</c>, else <c>obj/pytti/cache/</c>;</item>
/// <item>the outputs: the scene's <c>OutputDir</c> metadata, else <c>$(PyttiOutputDir)&lt;folder&gt;/&lt;name&gt;/</c> where
/// <c>PyttiOutputDir</c> defaults to <c>$(OutDir)pytti/</c>, <c>bin/Debug/&lt;TargetFramework&gt;/pytti/</c>.</item>
/// </list>
/// </summary>
internal sealed record ContentProject(string Directory, string CacheDirectory, string? OutputDirectory)
{
    private const string CacheProperty = "PyttiCacheDir";

    /// <summary>The content project holding <paramref name="scenePath"/>, or null when it is in none.</summary>
    public static ContentProject? Find(string scenePath)
    {
        var scene = Path.GetFullPath(scenePath);
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(scene)!); dir is not null; dir = dir.Parent)
        {
            if (ReferencesPyttiBuild(dir) is { } project)
            {
                var properties = new ProjectProperties(project, dir.FullName);
                return new ContentProject(dir.FullName, properties.Folder(CacheProperty) ?? Path.Combine(dir.FullName, "obj", "pytti", "cache"),
                    SceneOutput(properties, scene));
            }
            if (ProjectProperties.PropsAlone(dir.FullName).Folder(CacheProperty) is { } cache) return new ContentProject(dir.FullName, cache, null);
        }
        return null;
    }

    /// <summary>
    /// <paramref name="request"/> with the cache and output folders the user gave (relative to its working directory), else
    /// those of the scene's content project, else none (the render's own defaults under the working directory).
    /// </summary>
    public static Pipeline.Rendering.RenderRequest WithFolders(Pipeline.Rendering.RenderRequest request, string? cache, string? output)
    {
        var project = Find(Path.GetFullPath(request.ScenePath, request.WorkingDirectory));
        return request with
        {
            CacheDirectory = cache is { } c ? Path.GetFullPath(c, request.WorkingDirectory) : project?.CacheDirectory,
            OutputDirectory = output is { } o ? Path.GetFullPath(o, request.WorkingDirectory) : project?.OutputDirectory,
        };
    }

    private static string? ReferencesPyttiBuild(DirectoryInfo dir) =>
        ProjectProperties.Safe(() => dir.EnumerateFiles("*.csproj").Select(f => f.FullName)
            .FirstOrDefault(f => File.ReadAllText(f).Contains("Pytti.Build", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Where the build renders the scene; null when a property it depends on cannot be read without MSBuild.</summary>
    private static string? SceneOutput(ProjectProperties project, string scene)
    {
        var relative = Path.GetRelativePath(project.ProjectDirectory, scene);
        if (project.SceneMetadata(relative, "OutputDir") is { } own) return Path.TrimEndingDirectorySeparator(Path.GetFullPath(own, project.ProjectDirectory));
        if ((project.Folder("PyttiOutputDir") ?? DefaultPyttiOutputDir(project)) is not { } root) return null;
        // %(RecursiveDir) of the default **/*.pytti.yaml glob, and %(_PyttiName): the file name without .pytti.yaml (or .yaml).
        var folder = scene.EndsWith(".pytti.yaml", StringComparison.OrdinalIgnoreCase) ? Path.GetDirectoryName(relative) ?? "" : "";
        var name = Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(scene));
        return Path.Combine(root, folder, name);
    }

    /// <summary><c>$(OutDir)pytti/</c>: <c>$(BaseOutputPath)$(Configuration)/$(TargetFramework)/$(RuntimeIdentifier)/</c> unless OutDir or OutputPath is set.</summary>
    private static string? DefaultPyttiOutputDir(ProjectProperties project)
    {
        if ((project.Folder("OutDir") ?? project.Folder("OutputPath")) is { } outDir) return Path.Combine(outDir, "pytti");
        var framework = project.Value("TargetFramework")
            ?? project.Value("TargetFrameworks")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();   // the first inner build's
        if (framework is null) return null;
        var path = Path.Combine(project.Folder("BaseOutputPath") ?? Path.Combine(project.ProjectDirectory, "bin"), project.Value("Configuration") ?? "Debug");
        if (!IsFalse(project.Value("AppendTargetFrameworkToOutputPath"))) path = Path.Combine(path, framework);
        if (project.Value("RuntimeIdentifier") is { } rid && !IsFalse(project.Value("AppendRuntimeIdentifierToOutputPath"))) path = Path.Combine(path, rid);
        return Path.Combine(path, "pytti");
    }

    private static bool IsFalse(string? value) => string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
}
