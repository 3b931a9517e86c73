using System.Text.Json;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Models.Tests.Store;

/// <summary>Digest pins for registered files this build ships no SHA-256 for: recorded, refused, reloaded, listed by status.</summary>
public sealed class ModelPinTests : IDisposable
{
    private static readonly string TinyDepth = SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void The_depth_models_are_registered_with_their_urls_pages_licences_and_store_paths()
    {
        Assert.Equal(["depth-anything-v2-small", "depth-anything-v2-base", "depth-anything-v2-large"], DepthModels.All.Select(m => m.Name));
        var small = DepthModels.Small;
        Assert.Equal("https://huggingface.co/depth-anything/Depth-Anything-V2-Small/resolve/main/depth_anything_v2_vits.pth", small.Url.ToString());
        Assert.Equal("https://huggingface.co/depth-anything/Depth-Anything-V2-Small/blob/main/depth_anything_v2_vits.pth", small.DigestPage!.ToString());
        Assert.StartsWith("Apache-2.0", small.License);
        Assert.Equal("https://huggingface.co/depth-anything/Depth-Anything-V2-Large/resolve/main/depth_anything_v2_vitl.pth", DepthModels.Large.Url.ToString());
        Assert.StartsWith("CC-BY-NC-4.0", DepthModels.Base.License);
        Assert.Equal(Path.Combine(_fixture.Root, "depth", "depth_anything_v2_vits.pth"), _fixture.Store().PathFor(small));
        Assert.Null(ModelRegistry.Find("depth-anything-v2-small"));   // not a shipped digest
    }

    [Fact]
    public void Each_vqgan_file_without_a_digest_is_pinnable_the_checkpoint_by_name_and_the_config_as_name_yaml()
    {
        var checkpoint = PinnableModels.Find("sflckr")!;
        var config = PinnableModels.Find("SFLCKR.yaml")!;
        Assert.Equal(("vqgan", "sflckr.ckpt"), (checkpoint.Kind, checkpoint.FileName));
        Assert.Equal(("vqgan", "sflckr.yaml"), (config.Kind, config.FileName));
        Assert.Equal(VqganModels.Find("sflckr")!.ConfigUrl, config.Url.ToString());
        Assert.Null(config.DigestPage);
        Assert.Contains("sha256sum", config.WhereToReadDigest);
    }

    [Fact]
    public async Task A_pinned_model_is_missing_then_present_then_verified_and_the_pin_survives_a_reload()
    {
        var digest = await FileDigest.Sha256Async(TinyDepth);
        var store = _fixture.Store();

        var pinned = store.Pin("Depth-Anything-V2-Small", digest.ToUpperInvariant());

        Assert.Equal(DepthModels.Small, pinned);
        var reloaded = new ModelStore(_fixture.Root);
        Assert.Equal(digest, reloaded.PinnedDigest(DepthModels.Small));
        var source = reloaded.SourceFor(DepthModels.Small);
        Assert.Equal((digest, "depth", "depth_anything_v2_vits.pth"), (source.Sha256, source.Kind, source.FileName));
        Assert.Equal(reloaded.PinsPath, source.PinnedIn);
        Assert.Equal(ModelStatus.Missing, reloaded.GetStatus(source));
        Directory.CreateDirectory(Path.Combine(_fixture.Root, "depth"));
        File.Copy(TinyDepth, reloaded.PathFor(source));
        Assert.Equal(ModelStatus.Present, reloaded.GetStatus(source));
        Assert.Equal(ModelStatus.Verified, await reloaded.VerifyAsync(source));
        Assert.Null(reloaded.PinnedDigest(DepthModels.Base));
    }

    [Fact]
    public void The_pins_file_is_json_in_the_store_folder_written_without_temporary_files_left_behind()
    {
        var store = _fixture.Store();
        store.Pin("depth-anything-v2-small", new string('a', 64));
        store.Pin("sflckr.yaml", new string('b', 64));
        store.Pin("depth-anything-v2-small", new string('c', 64));   // a second pin replaces the first

        Assert.Equal(Path.Combine(_fixture.Root, "pins.json"), store.PinsPath);
        using var json = JsonDocument.Parse(File.ReadAllText(store.PinsPath));
        var pins = json.RootElement.GetProperty("pins");
        Assert.Equal(new string('c', 64), pins.GetProperty("depth-anything-v2-small").GetString());
        Assert.Equal(new string('b', 64), pins.GetProperty("sflckr.yaml").GetString());
        Assert.Equal(["pins.json"], Directory.GetFiles(_fixture.Root).Select(Path.GetFileName).Where(f => !f!.EndsWith(".lock", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("depth-anything-v2-small", "abc", ModelErrorCodes.PinRefused, "64 hex digits")]
    [InlineData("depth-anything-v2-small", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", ModelErrorCodes.PinRefused, "huggingface.co/depth-anything/Depth-Anything-V2-Small/blob/main")]
    [InlineData("ViTB32", "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af", ModelErrorCodes.PinRefused, "ships with its SHA-256")]
    [InlineData("raft-small", "c7d41b9cc88442bb8aa911dbb33086dac55a226394b142937ff22d5578717332", ModelErrorCodes.PinRefused, "ships with its SHA-256")]
    [InlineData("depth-anything-v3", "c7d41b9cc88442bb8aa911dbb33086dac55a226394b142937ff22d5578717332", ModelErrorCodes.UnknownModel, "depth-anything-v2-small")]
    public void Malformed_digests_shipped_and_unknown_names_are_refused_and_nothing_is_written(string name, string digest, string code, string hint)
    {
        var store = _fixture.Store();
        var error = Assert.Throws<ModelStoreException>(() => store.Pin(name, digest));
        Assert.Equal(code, error.Code);
        Assert.Contains(hint, error.Message);
        Assert.False(File.Exists(store.PinsPath));
    }

    [Fact]
    public void A_damaged_pins_file_is_an_error_naming_it_not_an_empty_set_of_pins()
    {
        var store = _fixture.Store();
        File.WriteAllText(store.PinsPath, "{ \"pins\": { \"depth-anything-v2-small\": \"not a digest\" } }");
        var error = Assert.Throws<ModelStoreException>(() => store.PinnedDigest(DepthModels.Small));
        Assert.Equal(ModelErrorCodes.PinRefused, error.Code);
        Assert.Contains(store.PinsPath, error.Message);
    }

    [Fact]
    public void An_unpinned_model_is_refused_without_the_network_saying_where_to_read_the_digest_and_how_to_pin_it()
    {
        var store = _fixture.Store(StoreFixture.FastOptions with { Offline = true });
        var reference = ModelReference.Parse("depth-anything-v2-small", _fixture.Root, DepthModels.Kind);

        var error = Assert.Throws<ModelNeedsDigestException>(() => reference.ResolveAsync(store).GetAwaiter().GetResult());

        Assert.Equal(ModelErrorCodes.ModelUnavailable, error.Code);
        Assert.Contains(DepthModels.Small.Url.ToString(), error.Message);
        Assert.Contains(DepthModels.Small.DigestPage!.ToString(), error.Message);
        Assert.Contains("pytti models pin depth-anything-v2-small <sha256>", error.Message);
        Assert.Contains(store.PathFor(DepthModels.Small), error.Message);
        Assert.Contains("give its path instead", error.Message);
    }

    [Fact]
    public void A_depth_name_is_not_taken_for_another_kind()
    {
        Assert.IsType<ModelReference.Pinnable>(ModelReference.Parse("depth-anything-v2-base", _fixture.Root, DepthModels.Kind));
        var error = Assert.Throws<ModelStoreException>(() => ModelReference.Parse("depth-anything-v2-base", _fixture.Root, FlowModels.Kind));
        Assert.Equal(ModelErrorCodes.UnknownModel, error.Code);
    }
}
