namespace Pytti.Scenes.Dsl;

/// <summary>Relative paths in a scene file resolve against that file's folder; URLs stay as written.</summary>
public static class PathResolver
{
    public static bool IsUrl(string path) =>
        path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public static string Resolve(string path, string baseDirectory)
    {
        if (path.Length == 0 || IsUrl(path))
            return path;
        var native = path.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.IsPathRooted(native) ? native : Path.Combine(baseDirectory, native));
    }

    /// <summary>Video files PyTTI reads through ffmpeg (masks only).</summary>
    public static bool IsVideo(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".mp4" or ".webm" or ".mov" or ".mkv" or ".avi";
}
