using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary>
/// A query (<c>plan</c>, <c>explain</c>, <c>check</c>, <c>models list</c>, <c>weights inspect</c>, <c>score</c>) run outside a
/// content project leaves the working directory, which holds the scene and the image, exactly as it was: no <c>.pytti/</c>,
/// cache folder, lock file or log.
/// </summary>
public sealed class QueriesWriteNothingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-queries-");
    private string Work => Path.Combine(_dir.FullName, "work");
    private string Store => Path.Combine(_dir.FullName, "store");

    public QueriesWriteNothingTests()
    {
        Directory.CreateDirectory(Work);
        TinyCliRenders.Store(_dir.FullName);
        File.WriteAllText(Path.Combine(Work, "scene.pytti.yaml"), TinyCliRenders.Scene("a lighthouse || a storm", stepsPerScene: 2, seed: 1, "animation_mode: 2D\n"));
        File.Copy(SharedFixtures.Path("fixtures", "real", "stormy.jpeg"), Path.Combine(Work, "stormy.jpeg"));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    public static TheoryData<string[]> Queries() => new()
    {
        new[] { "plan", "scene.pytti.yaml" },
        new[] { "plan", "scene.pytti.yaml", "--json" },
        new[] { "explain", "scene.pytti.yaml" },
        new[] { "explain", "scene.pytti.yaml", "--json" },
        new[] { "check", "scene.pytti.yaml" },
        new[] { "models", "list", "--models-dir", "{store}" },
        new[] { "weights", "inspect", SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt") },
        new[] { "score", "--image", "{work}/stormy.jpeg", "--text", "a storm", "--perceptor", SharedFixtures.Path("fixtures", "clip", "tiny_vit_b.pt"), "--models-dir", "{store}", "--offline" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void A_query_leaves_the_working_directory_as_it_was(string[] args)
    {
        var before = Tree(Work);
        var (exit, output, error) = CliRun.Run(Work, [.. args.Select(a => a.Replace("{store}", Store, StringComparison.Ordinal).Replace("{work}", Work, StringComparison.Ordinal))]);
        Assert.True(exit == 0, error + output);
        Assert.Equal(before, Tree(Work));
    }

    /// <summary>Every file and folder under <paramref name="root"/> with its size and modification time.</summary>
    private static List<string> Tree(string root) =>
        [.. new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(e => $"{Path.GetRelativePath(root, e.FullName)} {(e is FileInfo f ? f.Length : -1)} {e.LastWriteTimeUtc.Ticks}").Order(StringComparer.Ordinal)];
}
