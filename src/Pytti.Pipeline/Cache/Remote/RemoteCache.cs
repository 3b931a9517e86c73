using System.Security.Cryptography;
using System.Text;
using Pytti.Pipeline.Media;

namespace Pytti.Pipeline.Cache.Remote;

/// <summary>
/// The remote cache as a render uses it: frames pulled into the local cache only after every byte is verified
/// (the record by <see cref="FrameRecordCheck"/> against its key, every blob by SHA-256 against its name, then the
/// local cache's own checks), and frames pushed after their local write by a background worker that
/// <see cref="Dispose"/> waits for. What fails is reported through the warning callback and never used.
/// </summary>
public sealed class RemoteCache : IDisposable
{
    private readonly RemoteStore _store;
    private readonly RemoteCacheOptions _options;
    private readonly Action<string, string> _warn;
    private readonly RemoteUploads _uploads;

    /// <param name="warn">(url, message) for everything worked around: a bad object ignored, the remote turned off.</param>
    public RemoteCache(RemoteCacheOptions options, Action<string, string> warn)
    {
        _options = options;
        _warn = warn;
        _store = new RemoteStore(options, warn);
        _uploads = new RemoteUploads(Push);
    }

    /// <summary>Bytes received from the remote so far (records and blobs), for reports and benchmarks.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Whether the remote holds a record under <paramref name="key"/> (for <c>plan</c>; nothing is verified or fetched).</summary>
    public bool Has(string key) => _store.Exists("ac/" + key);

    /// <summary>
    /// Frame <paramref name="frame"/>'s record under <paramref name="key"/> and its images, fetched into <paramref name="index"/>
    /// when all verify; null (with a warning when something was wrong) otherwise.
    /// </summary>
    public FrameRecord? Pull(string key, int frame, FrameIndex index)
    {
        if (Fetch("ac/" + key) is not { } json) return null;
        var record = FrameRecord.FromJson(Encoding.UTF8.GetString(json));
        var problem = record is null ? "it is not a frame record" : FrameRecordCheck.Structure(record) ?? FrameRecordCheck.Problem(record, key, frame);
        if (problem is not null)
        {
            _warn(_store.UrlOf("ac/" + key), $"remote record for frame {frame} ignored: {problem}; the frame is rendered locally");
            return null;
        }
        if (!record!.Images.All(i => PullObject(i.Sha256, index.Objects))) return null;
        index.Put(record);
        return index.TryGetComplete(key, frame, _warn);
    }

    /// <summary>Fetches blob <paramref name="sha256"/> into <paramref name="objects"/> unless it is there; false when it cannot be had intact.</summary>
    public bool PullObject(string sha256, ContentStore objects)
    {
        if (objects.TryGet(sha256, out _)) return true;
        if (Fetch("cas/" + sha256) is not { } blob) return false;
        if (Convert.ToHexStringLower(SHA256.HashData(blob)) != sha256)
        {
            _warn(_store.UrlOf("cas/" + sha256), $"remote object ignored: its {blob.Length} bytes do not hash to its name (it was replaced or truncated); the frame is rendered locally");
            return false;
        }
        objects.Put(blob);
        return true;
    }

    /// <summary>Queues a frame just written to the local cache for upload (nothing in read-only mode).</summary>
    public void Upload(FrameRecord record, ContentStore objects)
    {
        if (!_options.ReadOnly) _uploads.Enqueue(record, objects);
    }

    private byte[]? Fetch(string path)
    {
        var bytes = _store.Get(path);
        if (bytes is not null) BytesReceived += bytes.Length;
        return bytes;
    }

    /// <summary>Blobs first (HEAD, then PUT when absent), the record last: a reader never finds a record whose blobs are missing.</summary>
    private void Push(FrameRecord record, ContentStore objects)
    {
        var blobs = record.Images.Select(i => i.Sha256).Concat(record.Checkpoint is { } c ? [c] : []);
        foreach (var sha in blobs)
        {
            if (_store.IsDown) return;
            if (!objects.TryGet(sha, out var path) || _store.Exists("cas/" + sha)) continue;
            _store.Put("cas/" + sha, File.ReadAllBytes(path));
        }
        if (!_store.IsDown) _store.Put("ac/" + record.Key, Encoding.UTF8.GetBytes(FrameRecordCheck.Sealed(record).ToJson()));
    }

    /// <summary>Waits for every queued upload (each request is bounded by the timeout, and a failure turns the remote off).</summary>
    public void Dispose()
    {
        _uploads.Dispose();
        _store.Dispose();
    }
}
