using Pytti.Pipeline.Rendering;

namespace Pytti.Pipeline.Cache;

/// <summary>What <c>pytti cache gc</c> removed.</summary>
public sealed record GcResult(int RecordsRemoved, int ObjectsRemoved, long BytesFreed);

/// <summary>Cache housekeeping: garbage collection against a set of scenes, and removal of a scene's outputs.</summary>
public static class CacheMaintenance
{
    /// <summary>
    /// Removes every frame record that none of <paramref name="scenes"/> (at their current keys) references or
    /// that is not whole (damaged, unsealed, misplaced, or naming outputs that are gone), then every object no
    /// remaining record references.
    /// </summary>
    public static GcResult CollectGarbage(string cacheRoot, IReadOnlyList<RenderRequest> scenes)
    {
        using var cacheLock = CacheLock.Acquire(cacheRoot, TimeSpan.FromMinutes(5));
        var index = new FrameIndex(cacheRoot);
        var liveKeys = scenes.SelectMany(s => RenderContext.Create(s with { CacheDirectory = cacheRoot }).Keys.Select(k => k.Key)).ToHashSet();
        var liveObjects = new HashSet<string>();
        var records = 0;
        foreach (var (path, record) in index.Stored().ToList())
        {
            if (record is not null && liveKeys.Contains(record.Key))
            {
                foreach (var image in record.Images) liveObjects.Add(image.Sha256);
                if (record.Checkpoint is { } c) liveObjects.Add(c);
                continue;
            }
            File.Delete(path);
            records++;
        }
        var (objects, bytes) = (0, 0L);
        foreach (var sha in index.Objects.AllObjects().Where(o => !liveObjects.Contains(o)).ToList())
        {
            bytes += new FileInfo(index.Objects.PathOf(sha)).Length;
            index.Objects.Delete(sha);
            objects++;
        }
        return new GcResult(records, objects, bytes);
    }

    /// <summary>Deletes a scene's outputs (frames, loss log and plot, manifest, video); the cache is kept. Returns the files removed.</summary>
    public static IReadOnlyList<string> Clean(RenderRequest scene)
    {
        var context = RenderContext.Create(scene, query: true);
        if (!Directory.Exists(context.OutputDirectory)) return [];
        var prefix = context.BaseName;
        var removed = Directory.EnumerateFiles(context.OutputDirectory)
            .Where(f => IsOutput(Path.GetFileName(f), prefix))
            .ToList();
        foreach (var file in removed) File.Delete(file);
        return removed;
    }

    private static bool IsOutput(string name, string prefix) =>
        System.Text.RegularExpressions.Regex.IsMatch(name,
            "^" + System.Text.RegularExpressions.Regex.Escape(prefix) + @"(_\d+\.png|_losses\.jsonl|_losses\.png|_manifest\.json|\.mp4|\.webm|\.gif|\.log)$");
}
