using System.Text.Json;
using System.Text.RegularExpressions;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Media;
using Pytti.Scenes;
using Pytti.Scenes.Canonical;
using Pytti.Torch;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Writes a render's outputs from its complete frame records: <c>&lt;base&gt;_&lt;n&gt;.png</c> (copied from
/// the cache where missing or different; stale ones of an earlier, longer render removed),
/// <c>&lt;base&gt;_losses.jsonl</c> and <c>.png</c>, for an animation <c>&lt;base&gt;_contact.png</c> (every frame on one sheet),
/// <c>&lt;base&gt;_manifest.json</c>, the scene's lock file <c>&lt;scene&gt;.pytti.lock.json</c> (<see cref="LockFile"/>),
/// and the video when a frame changed or it is missing.
/// </summary>
internal static class RenderOutputs
{
    public static RenderResult Write(RenderContext context, ContentStore objects, IReadOnlyList<FrameRecord> records, int framesRendered,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return WriteAll(context, objects, records, framesRendered, cancellationToken);
        }
        catch (MediaException e)
        {
            throw new RenderException(PipelineErrorCodes.Media, $"{e.Message.TrimEnd('.')}. Every frame is kept in the cache, so a rerun only writes the outputs.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RenderException(PipelineErrorCodes.Output, $"{context.OutputDirectory}: cannot write the render's outputs ({e.Message.TrimEnd('.')}). " +
                "Check free disk space, that the output folder and the scene's folder are writable and that no folder stands where an output file belongs; every frame is kept in the cache, so a rerun only writes the outputs.", e);
        }
    }

    private static RenderResult WriteAll(RenderContext context, ContentStore objects, IReadOnlyList<FrameRecord> records, int framesRendered,
        CancellationToken cancellationToken)
    {
        var dir = context.OutputDirectory;
        Directory.CreateDirectory(dir);
        var frames = new List<RenderedFrame>();
        foreach (var image in records.SelectMany(r => r.Images))
        {
            var path = Path.Combine(dir, $"{context.BaseName}_{image.Index}.png");
            if (!File.Exists(path) || FileSha(path) != image.Sha256)
            {
                objects.TryGet(image.Sha256, out var source);
                AtomicFile.WriteAllBytes(path, File.ReadAllBytes(source));
            }
            frames.Add(new RenderedFrame(image.Index, image.Step, path, image.Sha256));
        }
        RemoveStale(dir, context.BaseName, frames.Select(f => f.Index).ToHashSet());
        var lines = records.SelectMany(r => r.LossLines).ToList();
        var logPath = Path.Combine(dir, context.BaseName + "_losses.jsonl");
        AtomicFile.WriteAllText(logPath, string.Concat(lines.Select(l => l + "\n")));
        var plotPath = Path.Combine(dir, context.BaseName + "_losses.png");
        LossPlot.Write(plotPath, LossHistory.FromLogLines(records.SelectMany(r => r.LossLines.Select(l => (r.Frame, l)))));
        var contactPath = WriteContactSheet(context, frames);
        var manifestPath = Path.Combine(dir, context.BaseName + "_manifest.json");
        var manifest = Manifest(context, records, frames);
        if (contactPath is not null) manifest["contact_sheet"] = Path.GetFileName(contactPath);
        AtomicFile.WriteAllText(manifestPath, CanonicalJson.Serialize(manifest, indented: true) + "\n");
        LockFile.Write(context.Document, records);
        var video = WriteVideo(context, frames, framesRendered > 0, cancellationToken);
        var swatch = Path.Combine(dir, context.BaseName + "_palette.png");
        var files = frames.Select(f => f.Path).Concat([logPath, plotPath, manifestPath])
            .Concat(contactPath is null ? [] : [contactPath])
            .Concat(video is null ? [] : [video])
            .Concat(context.Document.Values.ImageModel == "Limited Palette" && File.Exists(swatch) ? [swatch] : [])
            .ToList();
        return new RenderResult(dir, context.BaseName, frames, manifestPath, logPath, plotPath, video, framesRendered, records.Count - framesRendered)
        {
            Files = files,
        };
    }

    private static string? WriteVideo(RenderContext context, IReadOnlyList<RenderedFrame> frames, bool changed, CancellationToken cancellationToken)
    {
        if (context.Document.Video is not { } video || frames.Count == 0) return null;
        var path = Path.Combine(context.OutputDirectory, $"{context.BaseName}.{video.Container}");
        if (changed || !File.Exists(path))
            VideoFile.Encode(frames.OrderBy(f => f.Index).Select(f => f.Path).ToList(), path, video, cancellationToken);
        return path;
    }

    private static void RemoveStale(string dir, string baseName, HashSet<long> current)
    {
        var pattern = new Regex("^" + Regex.Escape(baseName) + @"_(\d+)\.png$");
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            var m = pattern.Match(Path.GetFileName(file));
            if (m.Success && long.TryParse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var n) && !current.Contains(n)) File.Delete(file);
        }
    }

    /// <summary>An animation's frames on one sheet, <c>&lt;base&gt;_contact.png</c> beside the loss plot; null for a still.</summary>
    private static string? WriteContactSheet(RenderContext context, IReadOnlyList<RenderedFrame> frames)
    {
        if (!context.Document.IsAnimated || frames.Count == 0) return null;
        var path = Path.Combine(context.OutputDirectory, context.BaseName + "_contact.png");
        ContactSheet.Write(path, [.. frames.Select(f => f.Path)]);
        return path;
    }

    private static SortedDictionary<string, object?> Manifest(RenderContext context, IReadOnlyList<FrameRecord> records, IReadOnlyList<RenderedFrame> frames) => new(StringComparer.Ordinal)
    {
        ["scene"] = context.Document.RootFile,
        ["seed"] = RenderSeedText(context.Document),
        ["clock"] = LockFile.ClockText(context.Document.Clock),
        ["engine"] = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["version"] = typeof(RenderJob).Assembly.GetName().Version?.ToString(),
            ["revision"] = FrameKeys.EngineRevision,
            ["libtorch"] = LibTorchInfo.Version,
            ["device"] = context.Device.ToString(),
        },
        ["settings"] = Settings(context.Document),
        ["models"] = new SortedDictionary<string, object?>(context.Keys[0].Inputs.Global.Where(kv => kv.Key.StartsWith("perceptor:", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["perceptor:".Length..], kv => (object?)kv.Value), StringComparer.Ordinal),
        ["frames"] = frames.Select(f => (object?)new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["index"] = f.Index,
            ["step"] = f.Step,
            ["file"] = Path.GetFileName(f.Path),
            ["sha256"] = f.Sha256,
        }).ToList(),
        ["frame_keys"] = records.Select(r => (object?)r.Key).ToList(),
    };

    private static string RenderSeedText(SceneDocument doc) =>
        Engine.Rendering.RenderSeed.Parse(doc.Values.Seed).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static SortedDictionary<string, object?> Settings(SceneDocument doc)
    {
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, setting) in doc.Settings)
            result[name] = setting.Value switch
            {
                null or string or bool or int or long or double => setting.Value,
                System.Collections.IEnumerable list => list.Cast<object?>().Select(o => (object?)o?.ToString()).ToList(),
                var other => other.ToString(),
            };
        return result;
    }

    private static string FileSha(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
