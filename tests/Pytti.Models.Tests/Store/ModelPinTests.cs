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
    public void Raft_things_is_pinnable_as_a_member_of_princeton_vls_archive_with_no_page_for_its_digest()
    {
        var things = PinnableModels.Find("RAFT-Things")!;
        Assert.Same(FlowModels.RaftThings, things);
        Assert.Equal(("flow", "raft-things.pth", "models/raft-things.pth"), (things.Kind, things.FileName, things.ArchiveMember));
        Assert.Equal(FlowModels.RaftSmall.Url, things.Url);
        Assert.Null(things.DigestPage);
        Assert.Contains("sha256sum", things.WhereToReadDigest);
        Assert.Contains("models/raft-things.pth inside " + things.Url, things.WhereToReadDigest);
        Assert.Equal(Path.Combine(_fixture.Root, "flow", "raft-things.pth"), _fixture.Store().PathFor(things));
        Assert.Null(ModelRegistry.Find("raft-things"));   // not a shipped digest
        Assert.Null(PinnableModels.Find("sflckr"));      // every named VQGAN ships its digests now
    }

    [Fact]
    public async Task A_pinned_model_is_missing_then_present_then_verified_and_the_pin_survives_a_reload()
    {
        var digest = await FileDigest.Sha256Async(TinyDepth);
        var store = _fixture.Store();

        var pinned = store.Pin("RAFT-Things", digest.ToUpperInvariant());

        Assert.Equal(FlowModels.RaftThings, pinned);
        var reloaded = new ModelStore(_fixture.Root);
        Assert.Equal(digest, reloaded.PinnedDigest(FlowModels.RaftThings));
        var source = reloaded.SourceFor(FlowModels.RaftThings);
        Assert.Equal((digest, "flow", "raft-things.pth", "models/raft-things.pth"), (source.Sha256, source.Kind, source.FileName, source.ArchiveMember));
        Assert.Equal(reloaded.PinsPath, source.PinnedIn);
        Assert.Equal(ModelStatus.Missing, reloaded.GetStatus(source));
        Directory.CreateDirectory(Path.Combine(_fixture.Root, "flow"));
        File.Copy(TinyDepth, reloaded.PathFor(source));   // any bytes: the pin is their digest
        Assert.Equal(ModelStatus.Present, reloaded.GetStatus(source));
        Assert.Equal(ModelStatus.Verified, await reloaded.VerifyAsync(source));
    }

    [Fact]
    public void The_pins_file_is_json_in_the_store_folder_written_without_temporary_files_left_behind()
    {
        var store = _fixture.Store();
        store.Pin("raft-things", new string('a', 64));
        store.Pin("raft-things", new string('c', 64));   // a second pin replaces the first

        Assert.Equal(Path.Combine(_fixture.Root, "pins.json"), store.PinsPath);
        using var json = JsonDocument.Parse(File.ReadAllText(store.PinsPath));
        var pins = json.RootElement.GetProperty("pins");
        Assert.Equal(new string('c', 64), pins.GetProperty("raft-things").GetString());
        Assert.Single(pins.EnumerateObject());
        Assert.Equal(["pins.json"], Directory.GetFiles(_fixture.Root).Select(Path.GetFileName).Where(f => !f!.EndsWith(".lock", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("raft-things", "abc", ModelErrorCodes.PinRefused, "64 hex digits")]
    [InlineData("raft-things", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", ModelErrorCodes.PinRefused, "sha256sum")]
    [InlineData("depth-anything-v2-small", "715fade13be8f229f8a70cc02066f656f2423a59effd0579197bbf57860e1378", ModelErrorCodes.PinRefused, "ships with its SHA-256")]
    [InlineData("sflckr.yaml", "c27f012996f3f1f02580f063be47fd60bdd8528efb04d7318b2cbe8a86505b1b", ModelErrorCodes.PinRefused, "ships with its SHA-256")]
    [InlineData("ViTB32", "40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af", ModelErrorCodes.PinRefused, "ships with its SHA-256")]
    [InlineData("raft-small", "c7d41b9cc88442bb8aa911dbb33086dac55a226394b142937ff22d5578717332", ModelErrorCodes.PinRefused, "ships with its SHA-256")]
    [InlineData("depth-anything-v3", "c7d41b9cc88442bb8aa911dbb33086dac55a226394b142937ff22d5578717332", ModelErrorCodes.UnknownModel, "raft-things")]
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
        File.WriteAllText(store.PinsPath, "{ \"pins\": { \"raft-things\": \"not a digest\" } }");
        var error = Assert.Throws<ModelStoreException>(() => store.PinnedDigest(FlowModels.RaftThings));
        Assert.Equal(ModelErrorCodes.PinRefused, error.Code);
        Assert.Contains(store.PinsPath, error.Message);
    }

    [Fact]
    public void An_unpinned_model_is_refused_without_the_network_saying_where_to_read_the_digest_and_how_to_pin_it()
    {
        var store = _fixture.Store(StoreFixture.FastOptions with { Offline = true });
        var reference = ModelReference.Parse("raft-things", _fixture.Root, FlowModels.Kind);

        var error = Assert.Throws<ModelNeedsDigestException>(() => reference.ResolveAsync(store).GetAwaiter().GetResult());

        Assert.Equal(ModelErrorCodes.ModelUnavailable, error.Code);
        Assert.Contains(FlowModels.RaftThings.Url.ToString(), error.Message);
        Assert.Contains("pytti models pin raft-things <sha256>", error.Message);
        Assert.Contains(store.PathFor(FlowModels.RaftThings), error.Message);
        Assert.Contains("give its path instead", error.Message);
    }

    [Fact]
    public void A_pinnable_name_is_not_taken_for_another_kind()
    {
        Assert.IsType<ModelReference.Pinnable>(ModelReference.Parse("raft-things", _fixture.Root, FlowModels.Kind));
        var error = Assert.Throws<ModelStoreException>(() => ModelReference.Parse("raft-things", _fixture.Root, DepthModels.Kind));
        Assert.Equal(ModelErrorCodes.UnknownModel, error.Code);
    }
}
