using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Media;
using Pytti.Torch;

namespace Pytti.Pipeline.Rendering;

/// <summary>A re-rendered cached frame: did its images come out with the same bytes?</summary>
public sealed record DriftResult(int Frame, bool Same, IReadOnlyList<string> Differences);

/// <summary>
/// <c>pytti render --check N</c>: re-renders up to N cached frames (spread over the scene; each from
/// the checkpoint before it, or from the start) and compares their images with the cache. Drift means
/// the engine, libtorch or the machine no longer reproduce the recorded bytes.
/// </summary>
public static class DriftCheck
{
    public static IReadOnlyList<DriftResult> Run(RenderRequest request, int count, CancellationToken cancellationToken = default)
    {
        var context = RenderContext.Create(request);
        var index = new FrameIndex(context.CacheRoot);
        var records = context.Keys.Select((k, f) => index.TryGetComplete(k.Key, f)).ToList();
        var candidates = Enumerable.Range(0, records.Count)
            .Where(f => records[f] is not null && (f == 0 || (records[f - 1] is { } prev && index.HasCheckpoint(prev))))
            .ToList();
        var chosen = Spread(candidates, count);
        var doc = context.Document;
        using var ensemble = PerceptorLoader.LoadAsync(context.Store, doc.Perceptors, doc.RootDirectory, context.Device.ToTorch(), cancellationToken: cancellationToken).GetAwaiter().GetResult();
        var results = new List<DriftResult>();
        foreach (var frame in chosen)
        {
            using var session = RenderSession.Open(context, ensemble);
            using var resume = frame == 0 ? null : Checkpoints.Load(index.Objects, records[frame - 1]!.Checkpoint!, context.Device);
            var collector = new Collector();   // the run covers exactly this frame
            session.Renderer.Run(collector, resume, frame, cancellationToken);
            var expected = records[frame]!.Images;
            var differences = expected.Where(e => collector.Digests.GetValueOrDefault(e.Index) != e.Sha256).Select(e => $"image {e.Index}").ToList();
            results.Add(new DriftResult(frame, differences.Count == 0, differences));
        }
        return results;
    }

    private static List<int> Spread(List<int> candidates, int count)
    {
        if (count >= candidates.Count) return candidates;
        return Enumerable.Range(0, count).Select(i => candidates[(int)((long)i * (candidates.Count - 1) / Math.Max(count - 1, 1))]).Distinct().ToList();
    }

    private sealed class Collector : IRenderObserver
    {
        public Dictionary<long, string> Digests { get; } = [];

        public void OnStep(StepRecord record) { }

        public void OnImage(SavedImage image)
        {
            var png = Path.Combine(Path.GetTempPath(), $"pytti-check-{Guid.NewGuid():N}.png");
            try
            {
                ImageFile.WritePng(png, RgbImage.FromTensor(image.Image));
                using var stream = File.OpenRead(png);
                Digests[image.Index] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
            }
            finally
            {
                File.Delete(png);
            }
        }
    }
}
