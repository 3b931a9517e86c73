using Pytti.Pipeline.Media;

namespace Pytti.Pipeline.Cache;

/// <summary>Frame records by key (<c>frames/&lt;key&gt;.json</c>) next to a <see cref="ContentStore"/>.</summary>
public sealed class FrameIndex(string root)
{
    public ContentStore Objects { get; } = new(root);

    private string PathOf(string key) => Path.Combine(root, "frames", key[..2], key + ".json");

    /// <summary>
    /// The record of a frame whose every output (and checkpoint) is present and verifies; null when
    /// the frame was never rendered or its outputs are damaged (it is then re-rendered).
    /// </summary>
    public FrameRecord? TryGetComplete(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        var record = FrameRecord.FromJson(File.ReadAllText(path));
        if (record is null || record.Key != key) return null;
        if (record.Images.Any(i => !Objects.TryGet(i.Sha256, out _))) return null;
        return record;
    }

    /// <summary>The record as stored, whether or not its outputs are still present.</summary>
    public FrameRecord? TryRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? FrameRecord.FromJson(File.ReadAllText(path)) : null;
    }

    public bool HasCheckpoint(FrameRecord record) => record.Checkpoint is { } c && Objects.TryGet(c, out _);

    public void Put(FrameRecord record) => AtomicFile.WriteAllText(PathOf(record.Key), record.ToJson());

    public IEnumerable<FrameRecord> All() =>
        Directory.Exists(Path.Combine(root, "frames"))
            ? Directory.EnumerateFiles(Path.Combine(root, "frames"), "*.json", SearchOption.AllDirectories)
                .Select(f => FrameRecord.FromJson(File.ReadAllText(f))).OfType<FrameRecord>()
            : [];

    public void Delete(string key) => File.Delete(PathOf(key));
}
