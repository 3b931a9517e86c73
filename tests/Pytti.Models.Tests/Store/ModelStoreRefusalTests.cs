using Pytti.Models.Store;

namespace Pytti.Models.Tests.Store;

/// <summary>Files with the wrong digest are never used; offline and unreachable say where to put the file.</summary>
public sealed class ModelStoreRefusalTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_download_with_the_wrong_digest_is_refused()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var wrong = new string('0', 64);
        var source = _fixture.SourceAt(server.Url, wrong);
        var store = _fixture.Store();

        var error = await Assert.ThrowsAsync<ModelDigestMismatchException>(() => store.EnsureAsync(source));

        Assert.Equal(ModelErrorCodes.DigestMismatch, error.Code);
        Assert.Contains(wrong, error.Message);
        Assert.Contains(_fixture.Sha256, error.Message);
        Assert.False(File.Exists(store.PathFor(source)));
        Assert.False(File.Exists(store.PartialPathFor(source)));
        Assert.True(File.Exists(store.CorruptPathFor(source)));
        Assert.Equal(ModelStatus.Missing, store.GetStatus(source));
    }

    [Fact]
    public async Task A_corrupt_file_in_the_store_is_moved_aside_and_fetched_again()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var source = _fixture.SourceAt(server.Url);
        var store = _fixture.Store();
        Directory.CreateDirectory(Path.GetDirectoryName(store.PathFor(source))!);
        await File.WriteAllTextAsync(store.PathFor(source), "not the model");
        var progress = new ProgressLog();

        var path = await store.EnsureAsync(source, progress);

        Assert.Equal(_fixture.Payload, await File.ReadAllBytesAsync(path));
        Assert.Equal("not the model", await File.ReadAllTextAsync(store.CorruptPathFor(source)));
        var discarded = Assert.Single(progress.Reports, p => p.Stage == DownloadStage.Discarded);
        Assert.Contains(ModelErrorCodes.CorruptFileMovedAside, discarded.Message);
    }

    [Fact]
    public async Task Offline_names_the_url_the_digest_and_the_path()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var source = _fixture.SourceAt(server.Url);
        var store = _fixture.Store(StoreFixture.FastOptions with { Offline = true });

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => store.EnsureAsync(source));

        AssertSaysWhereToPlaceIt(error, store, source);
        Assert.Contains("offline", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task An_unreachable_host_gives_the_same_clear_error()
    {
        var source = _fixture.SourceAt(new Uri($"http://127.0.0.1:{LoopbackHttpServer.UnusedPort()}/models/file.bin"));
        var store = _fixture.Store();

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => store.EnsureAsync(source));

        AssertSaysWhereToPlaceIt(error, store, source);
        Assert.Contains("cannot reach 127.0.0.1", error.Message);
    }

    [Fact]
    public async Task An_http_error_gives_the_same_clear_error()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload, [new ResponsePlan(Status: 404)]);
        var source = _fixture.SourceAt(server.Url);
        var store = _fixture.Store();

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => store.EnsureAsync(source));

        AssertSaysWhereToPlaceIt(error, store, source);
        Assert.Contains("404", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_file_placed_by_hand_is_verified_and_used_offline()
    {
        var source = _fixture.SourceAt(new Uri("http://127.0.0.1:9/never"));
        var store = _fixture.Store(StoreFixture.FastOptions with { Offline = true });
        Directory.CreateDirectory(Path.GetDirectoryName(store.PathFor(source))!);
        await File.WriteAllBytesAsync(store.PathFor(source), _fixture.Payload);
        Assert.Equal(ModelStatus.Present, store.GetStatus(source));

        Assert.Equal(store.PathFor(source), await store.EnsureAsync(source));
        Assert.Equal(ModelStatus.Verified, store.GetStatus(source));
    }

    [Fact]
    public async Task A_server_that_never_answers_is_given_up()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (backlog) but never answers
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var source = _fixture.SourceAt(new Uri($"http://127.0.0.1:{port}/models/file.bin"));
        var store = _fixture.Store();

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => store.EnsureAsync(source)).WaitAsync(TimeSpan.FromSeconds(20));

        AssertSaysWhereToPlaceIt(error, store, source);
        Assert.Contains("did not answer", error.Message);
    }

    private static void AssertSaysWhereToPlaceIt(ModelUnavailableException error, ModelStore store, ModelSource source)
    {
        Assert.Equal(ModelErrorCodes.ModelUnavailable, error.Code);
        Assert.Contains(source.Url.ToString(), error.Message);
        Assert.Contains(source.Sha256, error.Message);
        Assert.Contains(store.PathFor(source), error.Message);
        Assert.Contains("verified", error.Message);
    }
}
