using Pytti.Cli;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti cache gc</c> removes frame records that cannot be trusted, not only those no scene uses, and keeps the good ones.</summary>
public sealed class CacheGcTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("pytti-cache-gc-");
    private string Scene => Path.Combine(_dir.FullName, "s.pytti.yaml");
    private string Cache => Path.Combine(_dir.FullName, "cache");
    private string Frames => Path.Combine(Cache, "frames");

    public CacheGcTests()
    {
        TinyCliRenders.Store(_dir.FullName);
        File.WriteAllText(Scene, TinyCliRenders.Scene("a lighthouse", stepsPerScene: 2, seed: 9));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(_dir.FullName, args);

    private (int Exit, string Out, string Error) Render() =>
        Run("render", Scene, "--models-dir", Path.Combine(_dir.FullName, "store"), "--offline", "--json", "--cache", Cache, "-o", Path.Combine(_dir.FullName, "out"));

    private void Plant(string key, string json)
    {
        var path = Path.Combine(Frames, key[..2], key + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }

    [Fact]
    public void Gc_deletes_damaged_misnamed_and_unsealed_records_and_keeps_the_scenes_good_one()
    {
        var first = Render();
        Assert.True(first.Exit == 0, first.Error + first.Out);
        var good = Assert.Single(Directory.GetFiles(Frames, "*.json", SearchOption.AllDirectories));
        var goodJson = File.ReadAllText(good);
        var goodKey = Path.GetFileNameWithoutExtension(good);
        Plant(new string('a', 64), "{ not json");                                            // damaged
        Plant(new string('b', 64), goodJson);                                                // sealed for another key
        Plant(new string('c', 64), goodJson.Replace(goodKey, new string('c', 64), StringComparison.Ordinal));   // key edited, seal not
        var misplaced = Path.Combine(Frames, "zz", goodKey + ".json");                       // a good record in the wrong folder
        Directory.CreateDirectory(Path.GetDirectoryName(misplaced)!);
        File.Copy(good, misplaced);

        var (exit, output, error) = Run("cache", "gc", Scene, "--cache", Cache);
        Assert.True(exit == 0, error);
        Assert.StartsWith("Removed 4 frame record(s)", output);
        Assert.Equal([good], Directory.GetFiles(Frames, "*.json", SearchOption.AllDirectories));
        Assert.Equal(goodJson, File.ReadAllText(good));

        var again = Render();
        Assert.True(again.Exit == 0, again.Error);
        Assert.Contains("\"rendered\":0,\"cached\":1", again.Out);
    }

    [Fact]
    public void Gc_deletes_a_record_whose_image_is_gone_so_the_frame_renders_again()
    {
        var first = Render();
        Assert.True(first.Exit == 0, first.Error + first.Out);
        foreach (var png in Directory.GetFiles(Path.Combine(Cache, "objects"), "*", SearchOption.AllDirectories)
                     .Where(f => File.ReadAllBytes(f).AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G'])))
            File.WriteAllBytes(png, [1, 2, 3]);                                             // damaged: no longer its digest

        var (exit, output, error) = Run("cache", "gc", Scene, "--cache", Cache);
        Assert.True(exit == 0, error);
        Assert.StartsWith("Removed 1 frame record(s)", output);
        Assert.Empty(Directory.GetFiles(Frames, "*.json", SearchOption.AllDirectories));

        var again = Render();
        Assert.True(again.Exit == 0, again.Error);
        Assert.Contains("\"rendered\":1,\"cached\":0", again.Out);
    }
}
