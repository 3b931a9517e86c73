using Pytti.Models.Store;

namespace Pytti.Models.Tests.Store;

/// <summary>Downloads against a real HTTP server on loopback: fresh, resumed, restarted, refused.</summary>
public sealed class ModelStoreDownloadTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Fresh_download_is_verified_and_placed()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var store = _fixture.Store();
        var source = _fixture.SourceAt(server.Url);
        var progress = new ProgressLog();

        var path = await store.EnsureAsync(source, progress);

        Assert.Equal(store.PathFor(source), path);
        Assert.Equal(_fixture.Payload, await File.ReadAllBytesAsync(path));
        Assert.False(File.Exists(store.PartialPathFor(source)));
        Assert.Equal(ModelStatus.Verified, store.GetStatus(source));
        Assert.Null(Assert.Single(server.Requests).Range);
        Assert.Contains(progress.Reports, p => p.Stage == DownloadStage.Downloading && p.BytesDone == StoreFixture.PayloadSize && p.BytesTotal == StoreFixture.PayloadSize);
        Assert.Equal(DownloadStage.Verified, progress.Reports[^1].Stage);
    }

    [Fact]
    public async Task A_verified_file_is_used_without_the_network()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var source = _fixture.SourceAt(server.Url);
        await _fixture.Store().EnsureAsync(source);

        var again = await _fixture.Store(StoreFixture.FastOptions with { Offline = true }).EnsureAsync(source);

        Assert.Equal(_fixture.Payload, await File.ReadAllBytesAsync(again));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_cut_connection_is_resumed_with_a_range_request()
    {
        const int cut = 100_000;
        await using var server = new LoopbackHttpServer(_fixture.Payload, [new ResponsePlan(CutAfterBytes: cut)]);
        var source = _fixture.SourceAt(server.Url);

        var path = await _fixture.Store().EnsureAsync(source);

        Assert.Equal(_fixture.Payload, await File.ReadAllBytesAsync(path));
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal($"bytes={cut}-", requests[1].Range);
        Assert.Equal(206, requests[1].Status);
        Assert.Equal(StoreFixture.PayloadSize - cut, requests[1].BodyBytesSent);
    }

    [Fact]
    public async Task An_interrupted_download_resumes_in_the_next_run()
    {
        const int cut = 120_000;
        await using var server = new LoopbackHttpServer(_fixture.Payload, [new ResponsePlan(CutAfterBytes: cut)]);
        var source = _fixture.SourceAt(server.Url);
        var once = StoreFixture.FastOptions with { MaxAttempts = 1 };

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => _fixture.Store(once).EnsureAsync(source));
        Assert.Contains("resumes", error.Message);
        Assert.Equal(ModelStatus.Partial, _fixture.Store().GetStatus(source));
        Assert.Equal(cut, new FileInfo(_fixture.Store().PartialPathFor(source)).Length);

        var path = await _fixture.Store(once).EnsureAsync(source);

        Assert.Equal(_fixture.Payload, await File.ReadAllBytesAsync(path));
        Assert.Equal($"bytes={cut}-", server.Requests.ToArray()[1].Range);
        Assert.Equal(StoreFixture.PayloadSize - cut, server.Requests.ToArray()[1].BodyBytesSent);
    }

    [Fact]
    public async Task A_server_ignoring_range_restarts_the_file_cleanly()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload, [new ResponsePlan(CutAfterBytes: 50_000)], honourRange: false);
        var source = _fixture.SourceAt(server.Url);

        var path = await _fixture.Store().EnsureAsync(source);

        Assert.Equal(_fixture.Payload, await File.ReadAllBytesAsync(path));
        var requests = server.Requests.ToArray();
        Assert.Equal("bytes=50000-", requests[1].Range);
        Assert.Equal(200, requests[1].Status);
    }

    [Fact]
    public async Task A_stalled_response_counts_as_a_cut()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload, [new ResponsePlan(StallAfterBytes: 70_000)]);
        var source = _fixture.SourceAt(server.Url);

        var path = await _fixture.Store().EnsureAsync(source);

        Assert.Equal(_fixture.Payload, await File.ReadAllBytesAsync(path));
        Assert.Equal("bytes=70000-", server.Requests.ToArray()[1].Range);
    }

    [Fact]
    public async Task A_complete_partial_file_is_finished_after_416()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var source = _fixture.SourceAt(server.Url);
        var store = _fixture.Store();
        Directory.CreateDirectory(Path.GetDirectoryName(store.PartialPathFor(source))!);
        await File.WriteAllBytesAsync(store.PartialPathFor(source), _fixture.Payload);

        var path = await store.EnsureAsync(source);

        Assert.Equal(_fixture.Payload, await File.ReadAllBytesAsync(path));
        Assert.Equal(416, Assert.Single(server.Requests).Status);
    }

    [Fact]
    public async Task A_second_fetch_waits_for_the_first_and_uses_its_file()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var source = _fixture.SourceAt(server.Url);
        var store = _fixture.Store();
        var path = store.PathFor(source);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var progress = new ProgressLog();

        Task<string> waiting;
        using (new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            waiting = store.EnsureAsync(source, progress);
            await Task.Delay(600);
            Assert.False(waiting.IsCompleted);
            await File.WriteAllBytesAsync(path, _fixture.Payload); // what the other process places
        }

        Assert.Equal(path, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(server.Requests);
        Assert.Contains(progress.Reports, p => p.Stage == DownloadStage.Waiting);
    }

    [Fact]
    public async Task Parallel_fetches_of_one_model_download_it_once()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var source = _fixture.SourceAt(server.Url);

        var paths = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _fixture.Store().EnsureAsync(source))))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(paths, p => Assert.Equal(_fixture.Payload, File.ReadAllBytes(p)));
        Assert.Single(server.Requests);
    }
}
