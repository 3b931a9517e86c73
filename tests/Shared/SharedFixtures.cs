namespace Pytti.Testing;

/// <summary>
/// Locates the read-only reference material in <c>../shared</c> beside the repository root
/// (fixtures, golden tensors, real models). Tests never copy it into the repository.
/// <c>PYTTI_SHARED_DIR</c> overrides the location.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> _root = new(FindRoot);

    public static string Root => _root.Value;

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Absolute path of a file under <c>shared/</c>; fails the test clearly if it is absent.</summary>
    public static string Path(params string[] parts)
    {
        var full = System.IO.Path.Combine([Root, .. parts]);
        if (!File.Exists(full) && !Directory.Exists(full))
            throw new FileNotFoundException($"Reference fixture '{full}' is missing. Tests expect ../shared beside the repository root (or PYTTI_SHARED_DIR).", full);
        return full;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PyttiPipeline.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find PyttiPipeline.sln above " + AppContext.BaseDirectory);
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("PYTTI_SHARED_DIR");
        if (!string.IsNullOrEmpty(env)) return System.IO.Path.GetFullPath(env);
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared"));
    }
}
