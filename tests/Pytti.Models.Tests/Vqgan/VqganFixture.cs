using Pytti.Testing;

namespace Pytti.Models.Tests.Vqgan;

/// <summary>Paths of the tiny taming VQModel fixture (../shared/fixtures/vqgan/README.md).</summary>
internal static class VqganFixture
{
    public static string Checkpoint => SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.ckpt");
    public static string Config => SharedFixtures.Path("fixtures", "vqgan", "tiny_vqgan.yaml");
    public static string Golden => SharedFixtures.Path("fixtures", "vqgan", "golden.safetensors");

    /// <summary>The fixture config with <paramref name="from"/> replaced by <paramref name="to"/>, written to a temporary file.</summary>
    public static string EditedConfig(string from, string to)
    {
        var text = File.ReadAllText(Config);
        Assert.Contains(from, text);
        var path = Path.Combine(Path.GetTempPath(), $"vqgan-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text.Replace(from, to));
        return path;
    }
}
