using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Pytti.Build;

/// <summary>What one render wrote, and the stamp file that records it between builds.</summary>
internal static class RenderOutputs
{
    private const string ManifestSuffix = "_manifest.json";

    /// <summary>
    /// What the render wrote: the list in the <c>finished</c> event's <c>files</c> when pytti gives one;
    /// otherwise the frames it reported, the frames its manifest lists (restored from the cache), the
    /// video, and every other <c>&lt;base&gt;_name.ext</c> / <c>&lt;base&gt;.ext</c> beside the manifest
    /// (loss log and plot, contact sheet, manifest, palette swatch) except numbered frames the run did not name
    /// (left over from a longer run). The scene's lock file (<c>&lt;scene&gt;.pytti.lock.json</c>,
    /// beside the scene) is a source file, not an output.
    /// </summary>
    public static ITaskItem[] Collect(RenderOutputReader reader, string scenePath)
    {
        var items = new List<TaskItem>();
        if (reader.Files is { } files)
            items.AddRange(files.Select(f => Item(f, KindOf(f, reader.ManifestPath))));
        else
        {
            items.AddRange(reader.Images);
            if (reader.ManifestPath is { } manifest)
            {
                items.AddRange(ManifestFrames(manifest));
                items.AddRange(Siblings(manifest).Select(f => Item(f, KindOf(f, manifest))));
            }
            if (reader.VideoPath is { Length: > 0 } video) items.Add(Item(video, "Video"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var existing = items.Where(i => File.Exists(i.ItemSpec) && seen.Add(Path.GetFullPath(i.ItemSpec))).ToArray();
        foreach (var item in existing) item.SetMetadata("Scene", scenePath);
        return existing;
    }

    /// <summary><c>&lt;base&gt;_*</c> and <c>&lt;base&gt;.*</c> beside the manifest, numbered frames left out.</summary>
    private static IEnumerable<string> Siblings(string manifest)
    {
        var directory = Path.GetDirectoryName(manifest);
        var name = Path.GetFileName(manifest);
        if (directory is null || !Directory.Exists(directory) || !name.EndsWith(ManifestSuffix, StringComparison.Ordinal)) return [manifest];
        var stem = name[..^ManifestSuffix.Length];
        var own = new Regex("^" + Regex.Escape(stem) + @"(_(?!\d+\.png$)[^.]+|)\.[^.]+$", RegexOptions.CultureInvariant);
        return Directory.EnumerateFiles(directory, stem + "*")
            .Where(f => own.IsMatch(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal);
    }

    private static string KindOf(string path, string? manifest)
    {
        var name = Path.GetFileName(path);
        if (manifest is not null && Path.GetFullPath(path) == Path.GetFullPath(manifest)) return "Manifest";
        if (name.EndsWith("_manifest.json", StringComparison.Ordinal)) return "Manifest";
        if (name.EndsWith("_losses.jsonl", StringComparison.Ordinal)) return "LossLog";
        if (name.EndsWith("_losses.png", StringComparison.Ordinal)) return "LossPlot";
        if (name.EndsWith("_contact.png", StringComparison.Ordinal)) return "ContactSheet";
        if (Regex.IsMatch(name, @"_\d+\.png$")) return "Frame";
        return Path.GetExtension(name) is ".mp4" or ".webm" or ".gif" ? "Video" : "Other";
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
