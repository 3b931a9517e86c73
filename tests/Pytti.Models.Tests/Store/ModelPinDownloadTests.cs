using System.IO.Compression;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Models.Tests.Store;

/// <summary>
/// Registered files of each kind, and a pinned one, fetched from a loopback server standing in for their hosts (the
/// client sends each request for the registered URL to the server, path and query unchanged): placed under their
/// registered names and verified; a dead original host passes the download to the mirror; a wrong pin is refused.
/// </summary>
public sealed class ModelPinDownloadTests : IDisposable
{
    private static readonly string TinyDepth = SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private ModelStore StoreVia(LoopbackHttpServer server) =>
        new(_fixture.Root, StoreFixture.FastOptions, server.RoutingClient());

    /// <summary>The registered file with its URLs, name and path, but verified against <paramref name="bytes"/> (the real ones are hundreds of MB).</summary>
    private static ModelSource Serving(ModelSource registered, byte[] bytes) =>
        new(registered.Name, registered.Kind, registered.FileName, registered.Url, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), registered.License, registered.ArchiveMember)
        { Mirrors = registered.Mirrors };

    [Fact]
    public async Task A_registered_depth_model_downloads_from_its_hugging_face_url_into_the_depth_folder()
    {
        var bytes = await File.ReadAllBytesAsync(TinyDepth);
        await using var server = new LoopbackHttpServer(bytes);

        var path = await StoreVia(server).EnsureAsync(Serving(DepthModels.Small, bytes));

        Assert.Equal(Path.Combine(_fixture.Root, "depth", "depth_anything_v2_vits.pth"), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal("/depth-anything/Depth-Anything-V2-Small/resolve/main/depth_anything_v2_vits.pth", Assert.Single(server.Requests).Path);
    }

    [Theory]
    [InlineData("imagenet.yaml", "/f/274fb24ed38341bfa753/?dl=1", "imagenet.yaml")]
    [InlineData("imagenet", "/f/867b05fc8c4841768640/?dl=1", "imagenet.ckpt")]
    public async Task A_vqgan_file_downloads_from_its_original_host(string name, string requested, string file)
    {
        var bytes = _fixture.Payload;
        await using var server = new LoopbackHttpServer(bytes);

        var path = await StoreVia(server).EnsureAsync(Serving(ModelRegistry.Find(name)!, bytes));

        Assert.Equal(Path.Combine(_fixture.Root, "vqgan", file), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal(requested, Assert.Single(server.Requests).Path);
    }

    [Theory]
    [InlineData("sflckr", "/Somnai/pytti-vqgan-checkpoints/resolve/debc22c8f285c7734980c464ff992d335dde6e9a/sflickr/sflickr.ckpt")]
    [InlineData("wikiart.yaml", "/Somnai/pytti-vqgan-checkpoints/resolve/debc22c8f285c7734980c464ff992d335dde6e9a/wikiart/wikiart.yaml")]
    public async Task When_the_original_host_refuses_the_mirror_serves_the_vqgan_file(string name, string mirrorPath)
    {
        var bytes = _fixture.Payload;
        await using var server = new LoopbackHttpServer(bytes, [new ResponsePlan(Status: 404)]);
        var source = Serving(ModelRegistry.Find(name)!, bytes);

        var path = await StoreVia(server).EnsureAsync(source);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal([404, 200], server.Requests.Select(r => r.Status));
        Assert.Equal(mirrorPath, server.Requests.Last().Path);
    }

    [Fact]
    public async Task When_every_host_refuses_the_error_names_each_and_every_url()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload, [new ResponsePlan(Status: 404), new ResponsePlan(Status: 503)]);
        var source = Serving(ModelRegistry.Find("coco")!, _fixture.Payload);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => StoreVia(server).EnsureAsync(source));

        Assert.Contains("batbot.ai answered HTTP 404", error.Message);
        Assert.Contains("huggingface.co answered HTTP 503", error.Message);
        Assert.Contains(source.Url.ToString(), error.Message);
        Assert.Contains(source.Mirrors[0].ToString(), error.Message);
        Assert.False(File.Exists(Path.Combine(_fixture.Root, "vqgan", "coco.ckpt")));
    }

    /// <summary>A zip laid out like RAFT's <c>models.zip</c>, holding <paramref name="things"/> as <c>models/raft-things.pth</c>.</summary>
    private static byte[] ModelsZip(byte[] things)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("models/raft-things.pth", CompressionLevel.Fastest).Open();
            entry.Write(things);
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task A_pinned_model_downloads_under_its_name_and_is_verified_against_the_pin()
    {
        var things = await File.ReadAllBytesAsync(TinyDepth);
        await using var server = new LoopbackHttpServer(ModelsZip(things));
        var store = StoreVia(server);
        store.Pin(FlowModels.RaftThings.Name, await FileDigest.Sha256Async(TinyDepth));

        var path = await ModelReference.Parse("raft-things", _fixture.Root, FlowModels.Kind).ResolveAsync(store);

        Assert.Equal(Path.Combine(_fixture.Root, "flow", "raft-things.pth"), path);
        Assert.Equal(things, await File.ReadAllBytesAsync(path));
        Assert.Equal("/s/4j4z58wuv8o0mfz/models.zip", Assert.Single(server.Requests).Path);
        Assert.Equal(ModelStatus.Verified, store.GetStatus(store.SourceFor(FlowModels.RaftThings)));
    }

    [Fact]
    public async Task A_wrong_pin_refuses_the_download_and_moves_it_aside()
    {
        await using var server = new LoopbackHttpServer(ModelsZip(await File.ReadAllBytesAsync(TinyDepth)));
        var store = StoreVia(server);
        var wrong = new string('0', 64);
        store.Pin(FlowModels.RaftThings.Name, wrong);

        var error = await Assert.ThrowsAsync<ModelDigestMismatchException>(() =>
            ModelReference.Parse("raft-things", _fixture.Root, FlowModels.Kind).ResolveAsync(store));

        Assert.Equal(ModelErrorCodes.DigestMismatch, error.Code);
        Assert.Contains(wrong, error.Message);
        Assert.Contains("pytti models pin raft-things <sha256>", error.Message);
        Assert.Contains(store.PinsPath, error.Message);
        Assert.False(File.Exists(store.PathFor(FlowModels.RaftThings)));
        Assert.True(File.Exists(error.MovedTo));
    }

    [Fact]
    public async Task Unpinned_the_store_never_asks_the_network()
    {
        await using var server = new LoopbackHttpServer(ModelsZip([1, 2, 3]));
        var store = StoreVia(server);

        await Assert.ThrowsAsync<ModelNeedsDigestException>(() =>
            ModelReference.Parse("raft-things", _fixture.Root, FlowModels.Kind).ResolveAsync(store));

        Assert.Empty(server.Requests);
        Assert.False(Directory.Exists(Path.Combine(_fixture.Root, "flow")));
    }
}
