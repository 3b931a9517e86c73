using System.Text.Json;
using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti models list</c> against a temporary store folder.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pytti-models-cli", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(null, args);

    /// <summary>Places the released RAFT-small (a registered file whose digest ships), or other bytes under its name.</summary>
    private void PlaceRegisteredFile(byte[]? content = null)
    {
        var path = Path.Combine(_root, FlowModels.Kind, FlowModels.RaftSmall.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fixture = SharedFixtures.Path("models", "raft-small.pth");
        if (content is null) File.Copy(fixture, path);
        else File.WriteAllBytes(path, content);
    }

    [Fact]
    public void Lists_every_clip_model_as_missing_in_an_empty_store()
    {
        var (exit, output, _) = Run("models", "list", "--models-dir", _root);

        Assert.Equal(PyttiApp.ExitOk, exit);
        Assert.Contains(_root, output);
        foreach (var source in OpenAiClipModels.All)
            Assert.Contains(source.Name, output);
        Assert.Contains("missing", output);
    }

    [Fact]
    public void A_placed_file_is_present_then_verified_with_verify()
    {
        PlaceRegisteredFile();

        Assert.Contains("present", Run("models", "list", "--models-dir", _root).Out);
        var verified = Run("models", "list", "--models-dir", _root, "--verify").Out;
        Assert.Contains("verified", verified);
        Assert.Contains("verified", Run("models", "list", "--models-dir", _root).Out);
    }

    [Fact]
    public void A_wrong_file_is_corrupt_after_verify()
    {
        PlaceRegisteredFile([1, 2, 3]);

        Assert.Contains("corrupt", Run("models", "list", "--models-dir", _root, "--verify").Out);
    }

    [Fact]
    public void Json_lists_status_path_url_and_digest()
    {
        PlaceRegisteredFile();
        var (exit, output, _) = Run("models", "list", "--models-dir", _root, "--json", "--verify");

        Assert.Equal(PyttiApp.ExitOk, exit);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(Path.GetFullPath(_root), document.RootElement.GetProperty("models_dir").GetString());
        var models = document.RootElement.GetProperty("models").EnumerateArray().ToList();
        var vit = models.Single(m => m.GetProperty("name").GetString() == "ViTB32");
        Assert.Equal("missing", vit.GetProperty("status").GetString());
        Assert.Equal(ModelRegistry.Find("ViTB32")!.Url.ToString(), vit.GetProperty("url").GetString());
        Assert.Equal(ModelRegistry.Find("ViTB32")!.Sha256, vit.GetProperty("sha256").GetString());
        var raft = models.Single(m => m.GetProperty("name").GetString() == FlowModels.RaftSmall.Name);
        Assert.Equal("verified", raft.GetProperty("status").GetString());
        Assert.DoesNotContain(models, m => m.GetProperty("name").GetString() == OpenAiClipModels.BpeVocabulary.Name);   // it ships inside the product
    }

    [Fact]
    public void Raft_small_is_listed_with_its_archive_and_its_state_in_the_store()
    {
        JsonElement Raft(params string[] extra)
        {
            var (exit, output, _) = Run(["models", "list", "--models-dir", _root, "--json", .. extra]);
            Assert.Equal(PyttiApp.ExitOk, exit);
            using var document = JsonDocument.Parse(output);
            return document.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "raft-small").Clone();
        }

        var missing = Raft();
        Assert.Equal("missing", missing.GetProperty("status").GetString());
        Assert.Equal("flow", missing.GetProperty("kind").GetString());
        Assert.Equal("https://dl.dropboxusercontent.com/s/4j4z58wuv8o0mfz/models.zip", missing.GetProperty("url").GetString());
        Assert.Equal("models/raft-small.pth", missing.GetProperty("archive_member").GetString());
        Assert.Equal(FlowModels.RaftSmall.Sha256, missing.GetProperty("sha256").GetString());
        var path = Path.Combine(Path.GetFullPath(_root), "flow", "raft-small.pth");
        Assert.Equal(path, missing.GetProperty("path").GetString());

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(SharedFixtures.Path("models", "raft-small.pth"), path);
        Assert.Equal("present", Raft().GetProperty("status").GetString());
        Assert.Equal("verified", Raft("--verify").GetProperty("status").GetString());
        Assert.Contains("raft-small", Run("models", "list", "--models-dir", _root).Out);
    }
}
