namespace Pytti.Scenes.Dsl;

/// <summary>Relative paths in a scene file resolve against that file's folder; URLs stay as written.</summary>
public static class PathResolver
{
    public static bool IsUrl(string path) =>
        path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>False for text no file system accepts (control characters such as NUL).</summary>
    public static bool IsValid(string path) => !path.Any(char.IsControl);

    /// <summary>The absolute path; an invalid path (see <see cref="IsValid"/>) comes back unchanged.</summary>
    public static string Resolve(string path, string baseDirectory)
    {
        if (path.Length == 0 || IsUrl(path) || !IsValid(path))
            return path;
        var native = path.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);
        return Path.GetFullPath(Path.IsPathRooted(native) ? native : Path.Combine(baseDirectory, native));
    }

    /// <summary>Video files PyTTI reads through ffmpeg (masks only).</summary>
    public static bool IsVideo(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".mp4" or ".webm" or ".mov" or ".mkv" or ".avi";
}
