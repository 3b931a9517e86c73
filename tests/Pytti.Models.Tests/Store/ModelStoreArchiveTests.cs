using System.IO.Compression;
using Pytti.Models.Store;
using Pytti.Testing;

namespace Pytti.Models.Tests.Store;

/// <summary>
/// A model published only inside a zip (RAFT-small in princeton-vl's <c>models.zip</c>), served from a
/// zip built here around the real checkpoint: fetched, resumed, extracted, verified by the member's digest.
/// </summary>
public sealed class ModelStoreArchiveTests : IDisposable
{
    private const string Member = "models/raft-small.pth";
    private static readonly byte[] RaftSmall = File.ReadAllBytes(SharedFixtures.Path("models", "raft-small.pth"));
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>A zip laid out like <c>models.zip</c>: the named members, each with its bytes.</summary>
    private static byte[] Zip(params (string Name, byte[] Bytes)[] members)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in members)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] ModelsZip() => Zip(("models/raft-things.pth", [1, 2, 3]), (Member, RaftSmall), ("models/raft-sintel.pth", [4, 5]));

    private static ModelSource At(Uri url) => FlowModels.RaftSmall with { Url = url };

    private void AssertNothingPlaced(ModelStore store, ModelSource source)
    {
        Assert.False(File.Exists(store.PathFor(source)));
        Assert.False(File.Exists(store.PartialPathFor(source)));
        Assert.False(File.Exists(store.PathFor(source) + ".extracting"));
        Assert.Equal(ModelStatus.Missing, store.GetStatus(source));
    }

    [Fact]
    public async Task Fresh_ensure_places_the_verified_member_and_deletes_the_archive()
    {
        await using var server = new LoopbackHttpServer(ModelsZip());
        var store = _fixture.Store();
        var source = At(server.Url);

        var path = await store.EnsureAsync(source);

        Assert.Equal(Path.Combine(_fixture.Root, "flow", "raft-small.pth"), path);
        Assert.Equal(RaftSmall, await File.ReadAllBytesAsync(path));
        Assert.Equal(ModelStatus.Verified, store.GetStatus(source));
        Assert.False(File.Exists(store.PartialPathFor(source)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.extracting"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.zip*"));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_cut_archive_download_is_resumed_with_a_range_request()
    {
        var zip = ModelsZip();
        var cut = zip.Length / 3;
        await using var server = new LoopbackHttpServer(zip, [new ResponsePlan(CutAfterBytes: cut)]);
        var source = At(server.Url);

        var path = await _fixture.Store().EnsureAsync(source);

        Assert.Equal(RaftSmall, await File.ReadAllBytesAsync(path));
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal($"bytes={cut}-", requests[1].Range);
        Assert.Equal(206, requests[1].Status);
        Assert.Equal(zip.Length - cut, requests[1].BodyBytesSent);
    }

    [Fact]
    public async Task An_archive_download_cut_in_one_run_resumes_in_the_next()
    {
        var zip = ModelsZip();
        var cut = zip.Length / 2;
        await using var server = new LoopbackHttpServer(zip, [new ResponsePlan(CutAfterBytes: cut)]);
        var source = At(server.Url);
        var once = StoreFixture.FastOptions with { MaxAttempts = 1 };

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => _fixture.Store(once).EnsureAsync(source));
        Assert.Contains("resumes", error.Message);
        Assert.Equal(ModelStatus.Partial, _fixture.Store().GetStatus(source));

        var path = await _fixture.Store(once).EnsureAsync(source);

        Assert.Equal(RaftSmall, await File.ReadAllBytesAsync(path));
        Assert.Equal($"bytes={cut}-", server.Requests.ToArray()[1].Range);
    }

    [Fact]
    public async Task A_member_with_other_bytes_is_refused_and_nothing_is_placed()
    {
        var tampered = (byte[])RaftSmall.Clone();
        tampered[^100] ^= 0xFF;
        await using var server = new LoopbackHttpServer(Zip((Member, tampered)));
        var store = _fixture.Store();
        var source = At(server.Url);

        var error = await Assert.ThrowsAsync<ModelDigestMismatchException>(() => store.EnsureAsync(source));

        Assert.Equal(ModelErrorCodes.DigestMismatch, error.Code);
        Assert.Contains(Member, error.Message);
        Assert.Contains(source.Sha256, error.Message);
        Assert.Equal(FileDigest.Sha256(error.MovedTo), error.ActualSha256);
        Assert.Equal(store.CorruptPathFor(source), error.MovedTo);
        AssertNothingPlaced(store, source);
        await Assert.ThrowsAsync<ModelUnavailableException>(() => _fixture.Store(StoreFixture.FastOptions with { Offline = true }).EnsureAsync(source));
    }

    [Fact]
    public async Task An_archive_without_the_member_is_a_clear_error()
    {
        await using var server = new LoopbackHttpServer(Zip(("models/raft-things.pth", [1, 2, 3]), ("README.md", [65])));
        var store = _fixture.Store();
        var source = At(server.Url);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => store.EnsureAsync(source));

        Assert.Equal(ModelErrorCodes.ModelUnavailable, error.Code);
        Assert.Contains($"has no member {Member}", error.Message);
        Assert.Contains("models/raft-things.pth, README.md", error.Message);
        Assert.Contains(store.PathFor(source), error.Message);
        AssertNothingPlaced(store, source);
    }

    [Fact]
    public async Task A_download_that_is_not_a_zip_is_a_clear_error()
    {
        await using var server = new LoopbackHttpServer(_fixture.Payload);
        var store = _fixture.Store();
        var source = At(server.Url);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => store.EnsureAsync(source));

        Assert.Contains("not give a readable zip archive", error.Message);
        AssertNothingPlaced(store, source);
    }

    [Fact]
    public async Task Offline_names_the_archive_the_member_the_digest_and_the_path()
    {
        var store = _fixture.Store(StoreFixture.FastOptions with { Offline = true });
        var source = FlowModels.RaftSmall;

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => store.EnsureAsync(source));

        Assert.Equal(ModelErrorCodes.ModelUnavailable, error.Code);
        Assert.Contains("https://dl.dropboxusercontent.com/s/4j4z58wuv8o0mfz/models.zip", error.Message);
        Assert.Contains($"extract member:   {Member}", error.Message);
        Assert.Contains("c7d41b9cc88442bb8aa911dbb33086dac55a226394b142937ff22d5578717332", error.Message);
        Assert.Contains(Path.Combine(_fixture.Root, "flow", "raft-small.pth"), error.Message);
        Assert.Contains("offline", error.Message);
    }

    [Fact]
    public async Task An_unreachable_archive_host_says_the_same()
    {
        var source = At(new Uri($"http://127.0.0.1:{LoopbackHttpServer.UnusedPort()}/s/models.zip"));
        var store = _fixture.Store();

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => store.EnsureAsync(source));

        Assert.Contains("cannot reach 127.0.0.1", error.Message);
        Assert.Contains(source.Url.ToString(), error.Message);
        Assert.Contains(Member, error.Message);
        Assert.Contains(store.PathFor(source), error.Message);
    }

    [Fact]
    public async Task The_extracted_file_placed_by_hand_is_verified_and_used_without_the_network()
    {
        await using var server = new LoopbackHttpServer(ModelsZip());
        var source = At(server.Url);
        var store = _fixture.Store();
        Directory.CreateDirectory(Path.GetDirectoryName(store.PathFor(source))!);
        File.Copy(SharedFixtures.Path("models", "raft-small.pth"), store.PathFor(source));
        Assert.Equal(ModelStatus.Present, store.GetStatus(source));

        Assert.Equal(store.PathFor(source), await store.EnsureAsync(source));
        Assert.Equal(store.PathFor(source), await _fixture.Store(StoreFixture.FastOptions with { Offline = true }).EnsureAsync(FlowModels.RaftSmall));

        Assert.Equal(ModelStatus.Verified, store.GetStatus(source));
        Assert.Empty(server.Requests);
    }
}
