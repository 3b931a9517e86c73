using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Pytti.Build;

/// <summary>What one render wrote, and the stamp file that records it between builds.</summary>
internal static class RenderOutputs
{
    private const string ManifestSuffix = "_manifest.json";

    /// <summary>
    /// The frames pytti reported, its manifest, the loss log and plot that sit beside the manifest
    /// (<c>&lt;base&gt;_losses.jsonl</c>, <c>&lt;base&gt;_losses.png</c>) and the video. The scene's
    /// lock file (<c>&lt;scene&gt;.pytti.lock.json</c>, beside the scene) is a source file, not an output.
    /// </summary>
    public static ITaskItem[] Collect(RenderOutputReader reader, string scenePath)
    {
        var items = new List<TaskItem>(reader.Images);
        if (reader.ManifestPath is { } manifest)
        {
            var reported = items.Select(i => Path.GetFullPath(i.ItemSpec)).ToHashSet(StringComparer.Ordinal);
            items.AddRange(ManifestFrames(manifest).Where(f => !reported.Contains(Path.GetFullPath(f.ItemSpec))));
            items.Add(Item(manifest, "Manifest"));
            if (manifest.EndsWith(ManifestSuffix, StringComparison.Ordinal))
            {
                var stem = manifest[..^ManifestSuffix.Length];
                items.Add(Item(stem + "_losses.jsonl", "LossLog"));
                items.Add(Item(stem + "_losses.png", "LossPlot"));
            }
        }
        if (reader.VideoPath is { Length: > 0 } video) items.Add(Item(video, "Video"));
        var existing = items.Where(i => File.Exists(i.ItemSpec)).ToArray();
        foreach (var item in existing) item.SetMetadata("Scene", scenePath);
        return existing;
    }

    /// <summary>
    /// The frames the manifest lists (<c>frames[].file</c>, beside the manifest): pytti reports an
    /// <c>image</c> event only for a frame it rendered, not for one it restored from its cache.
    /// </summary>
    private static IEnumerable<TaskItem> ManifestFrames(string manifest)
    {
        if (!File.Exists(manifest)) return [];
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            if (!document.RootElement.TryGetProperty("frames", out var frames) || frames.ValueKind != JsonValueKind.Array) return [];
            var directory = Path.GetDirectoryName(manifest)!;
            return frames.EnumerateArray()
                .Where(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String)
                .Select(f => Frame(Path.Combine(directory, f.GetProperty("file").GetString()!), f))
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static TaskItem Frame(string path, JsonElement entry)
    {
        var item = Item(path, "Frame");
        item.SetMetadata("FrameIndex", Text(entry, "index"));
        item.SetMetadata("Step", Text(entry, "step"));
        item.SetMetadata("Sha256", Text(entry, "sha256"));
        return item;
    }

    private static string Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText() : "";

    /// <summary>One full path per line, written to a temporary file and moved into place.</summary>
    public static void WriteStamp(string stampFile, IEnumerable<ITaskItem> files)
    {
        var full = Path.GetFullPath(stampFile);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllLines(temp, files.Select(f => Path.GetFullPath(f.ItemSpec)));
        File.Move(temp, full, overwrite: true);
    }

    private static TaskItem Item(string path, string kind)
    {
        var item = new TaskItem(path);
        item.SetMetadata("Kind", kind);
        return item;
    }
}
