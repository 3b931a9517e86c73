using Pytti.Models.Store;

namespace Pytti.Models.Tests.Store;

/// <summary>Status without hashing (from the sidecar), verification on demand, root resolution.</summary>
public sealed class ModelStoreStatusTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private (ModelStore Store, ModelSource Source) PlaceFile(byte[] content)
    {
        var store = _fixture.Store();
        var source = _fixture.SourceAt(new Uri("http://127.0.0.1:9/never"));
        Directory.CreateDirectory(Path.GetDirectoryName(store.PathFor(source))!);
        File.WriteAllBytes(store.PathFor(source), content);
        return (store, source);
    }

    [Fact]
    public void Missing_file_is_missing()
    {
        var store = _fixture.Store();
        Assert.Equal(ModelStatus.Missing, store.GetStatus(_fixture.SourceAt(new Uri("http://127.0.0.1:9/x"))));
    }

    [Fact]
    public async Task Present_until_verified_then_verified_until_changed()
    {
        var (store, source) = PlaceFile(_fixture.Payload);
        Assert.Equal(ModelStatus.Present, store.GetStatus(source));

        Assert.Equal(ModelStatus.Verified, await store.VerifyAsync(source));
        Assert.Equal(ModelStatus.Verified, store.GetStatus(source));

        await File.AppendAllTextAsync(store.PathFor(source), "x");
        Assert.Equal(ModelStatus.Present, store.GetStatus(source));
        Assert.Equal(ModelStatus.Corrupt, await store.VerifyAsync(source));
        Assert.Equal(ModelStatus.Corrupt, store.GetStatus(source));
    }

    [Fact]
    public async Task A_file_rewritten_in_place_with_its_size_and_mtime_kept_is_hashed_again_and_moved_aside_on_load()
    {
        var (store, source) = PlaceFile(_fixture.Payload);
        Assert.Equal(ModelStatus.Verified, await store.VerifyAsync(source));
        var path = store.PathFor(source);
        var mtime = File.GetLastWriteTimeUtc(path);
        var damaged = (byte[])_fixture.Payload.Clone();
        damaged[1000] ^= 0xFF;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write)) await stream.WriteAsync(damaged);   // same inode, same size
        File.SetLastWriteTimeUtc(path, mtime);

        Assert.Equal(ModelStatus.Present, store.GetStatus(source));            // the sidecar no longer vouches for it
        var offline = new ModelStore(_fixture.Root, StoreFixture.FastOptions with { Offline = true });
        var e = await Assert.ThrowsAsync<ModelUnavailableException>(() => offline.EnsureAsync(source));
        Assert.Contains("offline", e.Message);
        Assert.False(File.Exists(path));
        Assert.Equal(damaged, await File.ReadAllBytesAsync(store.CorruptPathFor(source)));
    }

    [Fact]
    public void Path_is_root_kind_file()
    {
        var store = _fixture.Store();
        var source = _fixture.SourceAt(new Uri("http://127.0.0.1:9/x"));
        Assert.Equal(Path.Combine(_fixture.Root, "test", "model.bin"), store.PathFor(source));
    }

    [Fact]
    public void Root_prefers_the_scene_then_the_environment_then_the_user_cache()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.GetFullPath("/scene/models"), ModelStore.ResolveRoot("/scene/models", "/env/models"));
        Assert.Equal(Path.GetFullPath("/env/models"), ModelStore.ResolveRoot(null, "/env/models"));
        Assert.Equal(Path.Combine(home, ".cache", "pytti"), ModelStore.ResolveRoot(null, null));
        Assert.Equal(Path.Combine(home, "models"), ModelStore.ResolveRoot("~/models", null));
    }

    [Fact]
    public void A_source_needs_a_real_digest() =>
        Assert.Throws<ArgumentException>(() => _fixture.SourceAt(new Uri("http://127.0.0.1:9/x"), "abc"));
}
