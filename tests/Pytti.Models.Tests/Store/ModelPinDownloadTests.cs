using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Models.Tests.Store;

/// <summary>
/// A pinned Depth Anything checkpoint fetched from a loopback server standing in for Hugging Face (the client
/// sends each request for the registered URL to the server, path unchanged): verified against the pin, refused when the pin is wrong.
/// </summary>
public sealed class ModelPinDownloadTests : IDisposable
{
    private static readonly string TinyDepth = SharedFixtures.Path("fixtures", "depth", "tiny_depth_anything.pth");
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>Sends every request to <paramref name="server"/>'s port, keeping the registered URL's path and query.</summary>
    private sealed class ToLoopback(Uri server) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = "http", Host = server.Host, Port = server.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private ModelStore StoreVia(LoopbackHttpServer server) =>
        new(_fixture.Root, StoreFixture.FastOptions, new HttpClient(new ToLoopback(server.Url)) { Timeout = Timeout.InfiniteTimeSpan });

    [Fact]
    public async Task A_pinned_depth_model_downloads_under_its_registered_name_and_is_verified()
    {
        var bytes = await File.ReadAllBytesAsync(TinyDepth);
        await using var server = new LoopbackHttpServer(bytes);
        var store = StoreVia(server);
        store.Pin(DepthModels.Small.Name, await FileDigest.Sha256Async(TinyDepth));

        var path = await ModelReference.Parse("depth-anything-v2-small", _fixture.Root, DepthModels.Kind).ResolveAsync(store);

        Assert.Equal(Path.Combine(_fixture.Root, "depth", "depth_anything_v2_vits.pth"), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal("/depth-anything/Depth-Anything-V2-Small/resolve/main/depth_anything_v2_vits.pth", Assert.Single(server.Requests).Path);
        Assert.Equal(ModelStatus.Verified, store.GetStatus(store.SourceFor(DepthModels.Small)));
    }

    [Fact]
    public async Task A_wrong_pin_refuses_the_download_and_moves_it_aside()
    {
        await using var server = new LoopbackHttpServer(await File.ReadAllBytesAsync(TinyDepth));
        var store = StoreVia(server);
        var wrong = new string('0', 64);
        store.Pin(DepthModels.Small.Name, wrong);

        var error = await Assert.ThrowsAsync<ModelDigestMismatchException>(() =>
            ModelReference.Parse("depth-anything-v2-small", _fixture.Root, DepthModels.Kind).ResolveAsync(store));

        Assert.Equal(ModelErrorCodes.DigestMismatch, error.Code);
        Assert.Contains(wrong, error.Message);
        Assert.Contains("pytti models pin depth-anything-v2-small <sha256>", error.Message);
        Assert.Contains(store.PinsPath, error.Message);
        Assert.False(File.Exists(store.PathFor(DepthModels.Small)));
        Assert.True(File.Exists(error.MovedTo));
    }

    [Fact]
    public async Task Unpinned_the_store_never_asks_the_network()
    {
        await using var server = new LoopbackHttpServer(await File.ReadAllBytesAsync(TinyDepth));
        var store = StoreVia(server);

        await Assert.ThrowsAsync<ModelNeedsDigestException>(() =>
            ModelReference.Parse("depth-anything-v2-small", _fixture.Root, DepthModels.Kind).ResolveAsync(store));

        Assert.Empty(server.Requests);
        Assert.False(Directory.Exists(Path.Combine(_fixture.Root, "depth")));
    }
}
