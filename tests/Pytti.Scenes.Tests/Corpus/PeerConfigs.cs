namespace Pytti.Scenes.Tests.Corpus;

/// <summary>The shared corpus of real PyTTI configurations (<c>../shared/peer-configs</c> from the repository root).</summary>
internal static class PeerConfigs
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "peer-configs");
            if (File.Exists(Path.Combine(dir.FullName, "PyttiPipeline.sln")) && Directory.Exists(candidate))
                return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("../shared/peer-configs not found next to the repository");
    }

    /// <summary>Every YAML file of the corpus, relative to its root with '/' separators.</summary>
    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Root, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
