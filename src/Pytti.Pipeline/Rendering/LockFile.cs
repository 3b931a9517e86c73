using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pytti.Pipeline.Media;
using Pytti.Pipeline.Cache;
using Pytti.Scenes;
using Pytti.Scenes.Canonical;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The scene's lock file, <c>&lt;scene&gt;.pytti.lock.json</c> beside it (format <c>pytti-lock/1</c>): the
/// frame keys and image digests of the last finished render, and the clock the scene read
/// (<c>${now:...}</c>, <c>seed: null</c>), which later renders of the scene reuse so that they repeat.
/// A damaged lock file only loses that record, never correctness.
/// </summary>
internal static class LockFile
{
    public const string Format = "pytti-lock/1";

    /// <summary><c>scenes/a.pytti.yaml</c> → <c>scenes/a.pytti.lock.json</c>, beside the scene.</summary>
    public static string PathFor(string sceneFile)
    {
        var name = Path.GetFileName(sceneFile);
        var stem = name.EndsWith(".pytti.yaml", StringComparison.OrdinalIgnoreCase) ? name[..^".pytti.yaml".Length]
            : Path.GetFileNameWithoutExtension(name);
        return Path.Combine(Path.GetDirectoryName(sceneFile)!, stem + ".pytti.lock.json");
    }

    public static string PathFor(SceneDocument doc) => PathFor(Path.Combine(doc.RootDirectory, Path.GetFileName(doc.RootFile)));

    /// <summary>The record of a finished render.</summary>
    public static void Write(SceneDocument doc, IReadOnlyList<FrameRecord> records) =>
        AtomicFile.WriteAllText(PathFor(doc), CanonicalJson.Serialize(Content(doc, records), indented: true) + "\n");

    private static SortedDictionary<string, object?> Content(SceneDocument doc, IReadOnlyList<FrameRecord> records) => new(StringComparer.Ordinal)
    {
        ["format"] = Format,
        ["scene"] = Path.GetFileName(doc.RootFile),
        ["clock"] = ClockText(doc.Clock),
        ["frames"] = records.Select(r => (object?)new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["frame"] = r.Frame,
            ["key"] = r.Key,
            ["images"] = r.Images.Select(i => (object?)new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["index"] = i.Index,
                ["sha256"] = i.Sha256,
            }).ToList(),
        }).ToList(),
    };

    /// <summary>
    /// Before rendering a scene that reads the clock: records it (keeping the rest), so that a render
    /// interrupted before its end resumes with the same clock.
    /// </summary>
    public static void RecordClock(SceneDocument doc)
    {
        var path = PathFor(doc);
        if (doc.Clock is not { } clock || RecordedClock(path) == clock) return;
        var root = Read(path) ?? new JsonObject { ["format"] = Format, ["scene"] = Path.GetFileName(doc.RootFile), ["frames"] = new JsonArray() };
        root["clock"] = ClockText(clock);
        try
        {
            AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RenderException(PipelineErrorCodes.Output, $"{path}: cannot record the clock the scene read ({e.Message.TrimEnd('.')}); "
                + "the scene's folder must be writable for its lock file. Nothing was rendered.", e);
        }
    }

    /// <summary>The clock the last render of <paramref name="lockFile"/>'s scene read, if it read one.</summary>
    public static DateTimeOffset? RecordedClock(string lockFile) =>
        Read(lockFile)?["clock"] is JsonValue value && value.TryGetValue(out string? text)
        && DateTimeOffset.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock) ? clock : null;

    /// <summary>The frame keys of the last finished render, in frame order.</summary>
    public static List<string> RecordedKeys(string lockFile) =>
        Read(lockFile)?["frames"] is JsonArray frames
            ? frames.Select(f => f is JsonObject o && o["key"] is JsonValue k && k.TryGetValue(out string? key) ? key : null).TakeWhile(k => k is not null).Select(k => k!).ToList()
            : [];

    /// <summary>The ISO 8601 round-trip text of a clock (<c>2026-12-07T06:27:52.1234567+00:00</c>).</summary>
    public static string? ClockText(DateTimeOffset? clock) => clock?.ToString("o", CultureInfo.InvariantCulture);

    private static JsonObject? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
