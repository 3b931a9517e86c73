using System.Text.Json;
using Pytti.Cli;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Cli.Tests;

/// <summary><c>pytti models pin</c> and how <c>pytti models list</c> shows files that need a pinned digest.</summary>
public sealed class ModelPinCommandTests : IDisposable
{
    private static readonly string TinyDepth = SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pytti-pin-cli", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Run(null, args);

    private JsonElement Listed(string name, params string[] extra)
    {
        var (exit, output, error) = Run(["models", "list", "--models-dir", _root, "--json", .. extra]);
        Assert.True(exit == PyttiApp.ExitOk, error);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name).Clone();
    }

    [Fact]
    public void Unpinned_models_are_listed_as_needing_a_digest_with_the_pin_command_and_the_registered_ones_with_theirs()
    {
        var (exit, output, _) = Run("models", "list", "--models-dir", _root);

        Assert.Equal(PyttiApp.ExitOk, exit);
        Assert.Contains("needs digest", output);
        Assert.Contains("pytti models pin raft-things <sha256>", output);
        Assert.Contains("sha256sum", output);

        var things = Listed("raft-things");
        Assert.Equal("needs digest", things.GetProperty("status").GetString());
        Assert.Equal("flow", things.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, things.GetProperty("sha256").ValueKind);
        Assert.False(things.GetProperty("pinned").GetBoolean());
        Assert.Equal(FlowModels.RaftThings.Url.ToString(), things.GetProperty("url").GetString());
        Assert.Equal("pytti models pin raft-things <sha256>", things.GetProperty("pin_command").GetString());
        var small = Listed("depth-anything-v2-small");
        Assert.Equal(("missing", DepthModels.Small.Sha256), (small.GetProperty("status").GetString(), small.GetProperty("sha256").GetString()));
        Assert.Equal(VqganModels.Find("sflckr")!.CheckpointSha256, Listed("sflckr").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_pinned_model_is_missing_then_verified_once_its_file_is_in_the_store()
    {
        var digest = await FileDigest.Sha256Async(TinyDepth);   // any bytes stand in for raft-things: the pin is their digest
        var (exit, output, error) = Run("models", "pin", "raft-things", digest, "--models-dir", _root);
        Assert.True(exit == PyttiApp.ExitOk, error);
        Assert.Contains(digest, output);
        Assert.Contains(FlowModels.RaftThings.Url.ToString(), output);

        var missing = Listed("raft-things");
        Assert.Equal("missing", missing.GetProperty("status").GetString());
        Assert.Equal(digest, missing.GetProperty("sha256").GetString());
        Assert.True(missing.GetProperty("pinned").GetBoolean());
        Assert.Equal(Path.Combine(Path.GetFullPath(_root), "flow", "raft-things.pth"), missing.GetProperty("path").GetString());

        Directory.CreateDirectory(Path.Combine(_root, "flow"));
        File.Copy(TinyDepth, Path.Combine(_root, "flow", "raft-things.pth"));
        Assert.Equal("present", Listed("raft-things").GetProperty("status").GetString());
        Assert.Equal("verified", Listed("raft-things", "--verify").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("raft-things", "12345", "PYTTI126")]
    [InlineData("depth-anything-v2-small", "715fade13be8f229f8a70cc02066f656f2423a59effd0579197bbf57860e1378", "PYTTI126")]
    [InlineData("ViTB32", "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af", "PYTTI126")]
    [InlineData("no-such-model", "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af", "PYTTI123")]
    public void Refused_pins_exit_1_with_a_code_and_the_name(string name, string digest, string code)
    {
        var (exit, _, error) = Run("models", "pin", name, digest, "--models-dir", _root);

        Assert.Equal(PyttiApp.ExitUserError, exit);
        Assert.Contains(code, error);
        Assert.Contains(name, error);
        Assert.False(File.Exists(Path.Combine(_root, "pins.json")));
    }
}
