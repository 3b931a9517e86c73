using Pytti.Pipeline.Media;

namespace Pytti.Pipeline.Cache;

/// <summary>
/// Frame records by key (<c>frames/&lt;key&gt;.json</c>) next to a <see cref="ContentStore"/>. Nothing read
/// is trusted before it is checked (<see cref="FrameRecordCheck"/>, <see cref="ObjectKinds"/>): a record
/// that fails is treated as missing, so its frame renders again.
/// </summary>
public sealed class FrameIndex(string root)
{
    private const long MaxRecordBytes = 64L << 20;

    public ContentStore Objects { get; } = new(root);

    private string PathOf(string key) => Path.Combine(root, "frames", key[..2], key + ".json");

    /// <summary>
    /// The record of frame <paramref name="frame"/> under <paramref name="key"/> when it and every output it
    /// names (images, checkpoint) are present and verify; null when the frame was never rendered or anything
    /// fails a check, which <paramref name="warn"/> then hears about (file, reason).
    /// </summary>
    public FrameRecord? TryGetComplete(string key, int frame, Action<string, string>? warn = null)
    {
        var path = PathOf(key);
        if (!File.Exists(path) && !Directory.Exists(path)) return null;
        var record = TryLoad(path, out var problem);
        problem ??= FrameRecordCheck.Problem(record!, key, frame) ?? ObjectsProblem(record!);
        if (problem is null) return record;
        warn?.Invoke(path, $"cache record for frame {frame} ignored: {problem}; the frame is rendered again");
        return null;
    }

    /// <summary>The record as stored, whether or not its outputs are still present; null when absent or malformed.</summary>
    public FrameRecord? TryRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? TryLoad(path, out _) : null;
    }

    /// <summary>Whether the record's checkpoint is present, verifies and is a safetensors file.</summary>
    public bool HasCheckpoint(FrameRecord record) =>
        record.Checkpoint is { } c && Objects.TryGet(c, out var path) && ObjectKinds.IsSafeTensors(path);

    public void Put(FrameRecord record)
    {
        var path = PathOf(record.Key);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);   // a folder where the record belongs: ours to replace
        AtomicFile.WriteAllText(path, FrameRecordCheck.Sealed(record).ToJson());
    }

    public IEnumerable<FrameRecord> All() =>
        Directory.Exists(Path.Combine(root, "frames"))
            ? Directory.EnumerateFiles(Path.Combine(root, "frames"), "*.json", SearchOption.AllDirectories)
                .Select(f => TryLoad(f, out _)).OfType<FrameRecord>()
            : [];

    public void Delete(string key) => File.Delete(PathOf(key));

    /// <summary>
    /// Every stored record file, with its record when the record is whole: well formed, sealed for the key its
    /// file is named by, in that key's place, and with every output it names present and verified; else null.
    /// </summary>
    public IEnumerable<(string Path, FrameRecord? Whole)> Stored() =>
        Directory.Exists(Path.Combine(root, "frames"))
            ? Directory.EnumerateFiles(Path.Combine(root, "frames"), "*.json", SearchOption.AllDirectories).Select(f => (f, Whole(f)))
            : [];

    private FrameRecord? Whole(string path)
    {
        var key = Path.GetFileNameWithoutExtension(path);
        if (key.Length < 2 || PathOf(key) != path || TryLoad(path, out _) is not { } record) return null;
        return FrameRecordCheck.Problem(record, key, record.Frame) is null && ObjectsProblem(record) is null ? record : null;
    }

    private static FrameRecord? TryLoad(string path, out string? problem)
    {
        try
        {
            if (new FileInfo(path).Length > MaxRecordBytes) { problem = "it is too large to be a frame record"; return null; }
            var record = FrameRecord.FromJson(File.ReadAllText(path));
            problem = record is null ? "it is not valid JSON of a frame record" : FrameRecordCheck.Structure(record);
            return problem is null ? record : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"it cannot be read ({e.Message})";
            return null;
        }
    }

    private string? ObjectsProblem(FrameRecord record)
    {
        foreach (var image in record.Images)
        {
            if (!Objects.TryGet(image.Sha256, out var path)) return $"image {image.Index} ({image.Sha256}) is missing from the cache or damaged";
            if (!ObjectKinds.IsPng(path)) return $"image {image.Index} ({image.Sha256}) is not a PNG image";
        }
        return null;
    }
}
