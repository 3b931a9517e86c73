using Pytti.Engine.ImageModels;
using Pytti.Engine.Rendering;
using Pytti.Models.Clip;
using Pytti.Models.Store;
using Pytti.Pipeline.Cache;
using Pytti.Pipeline.Cache.Remote;
using Pytti.Pipeline.Media;
using Pytti.Scenes;
using Pytti.Scenes.Diagnostics;
using Pytti.Scenes.Explain;
using Pytti.Scenes.Planning;
using Pytti.Torch;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Renders one scene file end to end, through the frame cache: checks the scene (every error before
/// anything runs), keys every frame, renders only from the first frame not in the cache (resuming
/// from the nearest checkpoint before it), then writes the outputs: PNG frames, loss log and plot,
/// manifest, the scene's lock file and the video. A second run with nothing changed renders nothing.
/// </summary>
public static class RenderJob
{
    /// <summary>Renders the request's scene, keeping its log (<see cref="RenderLog"/>) beside the outputs from the moment the scene is read.</summary>
    public static RenderResult Run(RenderRequest request, IRenderProgress progress, CancellationToken cancellationToken = default)
    {
        using var log = new RenderLog(request);
        try
        {
            var context = RenderContext.Create(request, loaded: log.Open);
            return log.Finished(Run(request, context, new LoggingProgress(progress, log, context.Plan), cancellationToken));
        }
        catch (Exception e)
        {
            log.Failed(e);
            throw;
        }
    }

    private static RenderResult Run(RenderRequest request, RenderContext context, IRenderProgress progress, CancellationToken cancellationToken)
    {
        var doc = context.Document;
        using var cacheLock = CacheLock.Acquire(context.CacheRoot, TimeSpan.FromMinutes(30), $"pytti render {Path.GetFullPath(request.ScenePath, request.WorkingDirectory)}", progress.Waiting);
        StaleTempFiles.Remove(context.CacheRoot, context.OutputDirectory);
        var index = new FrameIndex(context.CacheRoot);
        using var remote = request.RemoteCache is { } options ? new RemoteCache(options, RemoteWarnings(progress)) : null;   // disposing waits for the uploads
        var records = Lookup(context, index, progress, remote);
        var firstDirty = records.FindIndex(r => r is null);
        if (firstDirty >= 0)
        {
            ModelPreflight.EnsureAll(doc, context.Store, new DownloadReports(progress), cancellationToken);
            LockFile.RecordClock(doc);
        }
        progress.Started(doc.RootFile, context.Plan.TotalSteps, context.OutputDirectory);
        progress.Planned(firstDirty < 0 ? records.Count : firstDirty, records.Count);
        if (firstDirty >= 0)
            Render(context, index, records, firstDirty, progress, remote, cancellationToken);
        var complete = Lookup(context, index, progress, remote: null).Select((r, f) => r ?? throw new RenderException(PipelineErrorCodes.Cache,
            $"{context.CacheRoot}: frame {f} is not in the cache after rendering it; the cache folder cannot be relied on (check its disk and permissions, or pass --cache DIR).")).ToList();
        return RenderOutputs.Write(context, index.Objects, complete, firstDirty < 0 ? 0 : complete.Count - firstDirty, cancellationToken);
    }

    /// <summary>Every frame's record if it is complete and checks out; whatever fails a check is reported and renders again.</summary>
    /// <summary>
    /// Every frame's record if it is complete and checks out, from the local cache, else pulled from the remote while every
    /// earlier frame was found (a render continues from the first missing frame to the end); whatever fails a check is
    /// reported and renders again.
    /// </summary>
    private static List<FrameRecord?> Lookup(RenderContext context, FrameIndex index, IRenderProgress progress, RemoteCache? remote)
    {
        var records = new List<FrameRecord?>();
        for (var f = 0; f < context.Keys.Count; f++)
        {
            var key = context.Keys[f].Key;
            var record = index.TryGetComplete(key, f, (file, message) => progress.Warning(new RenderWarning(file, PipelineErrorCodes.CacheRecordIgnored, message)));
            if (record is null && remote is not null && records.All(r => r is not null)) record = remote.Pull(key, f, index);
            records.Add(FinishedImage.Fit(record, context.Plan.Frames[f], f == context.Keys.Count - 1));
        }
        return records;
    }

    /// <summary>Remote warnings also come from the upload worker: one at a time.</summary>
    private static Action<string, string> RemoteWarnings(IRenderProgress progress)
    {
        var gate = new Lock();
        return (url, message) =>
        {
            lock (gate) progress.Warning(new RenderWarning(url, PipelineErrorCodes.RemoteCache, message));
        };
    }

    private static void Render(RenderContext context, FrameIndex index, List<FrameRecord?> records, int firstDirty,
        IRenderProgress progress, RemoteCache? remote, CancellationToken cancellationToken)
    {
        var doc = context.Document;
        var resumeFrame = Enumerable.Range(0, firstDirty).Reverse().FirstOrDefault(f => HasCheckpoint(index, remote, records[f]!), -1);
        using var ensemble = PerceptorLoader.LoadAsync(context.Store, doc.Perceptors, doc.RootDirectory, context.Device.ToTorch(), cancellationToken: cancellationToken).GetAwaiter().GetResult();
        using var session = RenderSession.Open(context, ensemble);
        using var resume = resumeFrame < 0 ? null : Checkpoints.Load(index.Objects, records[resumeFrame]!.Checkpoint!, context.Device);
        var observer = new CachingObserver(context, index, firstDirty, progress, remote);
        session.Renderer.Run(observer, resume, cancellationToken);
        if (session.Model is LimitedPalette palette) WriteSwatch(context, palette);
    }

    /// <summary>Whether the frame's checkpoint is in the local cache, fetching it from the remote (verified) when it is not.</summary>
    private static bool HasCheckpoint(FrameIndex index, RemoteCache? remote, FrameRecord record) =>
        index.HasCheckpoint(record) || (record.Checkpoint is { } c && remote is not null && remote.PullObject(c, index.Objects) && index.HasCheckpoint(record));

    /// <summary>RAFT is loaded for Video Source, and for 3D with <c>flow_stabilization_weight</c> set (its digest then joins the frame keys).</summary>
    internal static bool NeedsFlowModel(SceneDocument doc) =>
        doc.Values.AnimationMode == "Video Source" || (doc.Values.AnimationMode == "3D" && doc.Losses.FlowStabilization is not null);

    /// <summary>Limited Palette's palette as <c>&lt;base&gt;_palette.png</c> (reference 5.2 <c>show_palette</c>).</summary>
    private static void WriteSwatch(RenderContext context, LimitedPalette palette)
    {
        using var swatch = palette.RenderPaletteSwatch();
        ImageFile.WritePng(Path.Combine(context.OutputDirectory, context.BaseName + "_palette.png"), RgbImage.FromTensor(swatch));
    }

}

/// <summary>Everything decided before rendering: the checked scene, its plan, device, store, folders and frame keys.</summary>
internal sealed record RenderContext(SceneDocument Document, FramePlan Plan, Device Device, ModelStore Store, string OutputDirectory,
    string BaseName, string CacheRoot, IReadOnlyList<(string Key, FrameKeyInputs Inputs)> Keys)
{
    /// <param name="query">For a plan: the file digests are not saved into the cache, so a query writes nothing.</param>
    /// <param name="loaded">Hears of the scene as soon as it is read and checked (the render log opens there).</param>
    public static RenderContext Create(RenderRequest request, bool query = false, Action<SceneDocument>? loaded = null)
    {
        var scene = Path.GetFullPath(request.ScenePath, request.WorkingDirectory);
        var check = SceneCheck.Run(scene, new SceneLoadOptions
        {
            Overrides = request.Overrides, WorkingDirectory = request.WorkingDirectory,
            Now = request.Clock ?? LockFile.RecordedClock(LockFile.PathFor(scene)),   // the recorded clock repeats the last render
        });
        if (!check.Success) throw new SceneException(check.Diagnostics);
        if (PlanLimits.RenderTooLong(check.Document!, check.Plan!) is { } tooLong) throw new SceneException([tooLong]);   // before anything is keyed or written
        var doc = check.Document!;
        loaded?.Invoke(doc);
        var device = RenderDevice.Resolve(request.Device ?? doc.Values.Device);
        if (device.IsCuda)
            throw new RenderException(PipelineErrorCodes.NotSupported, "the render engine runs on the CPU in this version; use --device cpu.");
        var store = new ModelStore(ModelStore.ResolveRoot(request.ModelsDirectory ?? NullIfEmpty(doc.Values.ModelsParentDir)), new ModelStoreOptions(Offline: request.Offline));
        var output = request.OutputFor(doc.Values.FileNamespace);
        var cacheRoot = request.CacheRoot;
        var digests = new FileDigests(cacheRoot);
        var keys = FrameKeys.Compute(doc, check.Plan!, Global(doc, device, store, digests), Digest(digests));
        if (!query) digests.Save();
        return new RenderContext(doc, check.Plan!, device, store, output, doc.Values.FileNamespace, cacheRoot, keys);
    }

    /// <summary>What every frame depends on: seed, engine, device kind, libtorch and its GEMM for linear layers, weights of every perceptor, the save schedule.</summary>
    private static Dictionary<string, string> Global(SceneDocument doc, Device device, ModelStore store, FileDigests digests)
    {
        var global = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed"] = RenderSeed.Parse(doc.Values.Seed).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["engine"] = FrameKeys.EngineRevision,
            ["device"] = device.Type.ToString().ToLowerInvariant(),
            ["libtorch"] = LibTorchInfo.Version,
            ["linear"] = LibTorchInfo.LinearBackend,
            ["save_every"] = doc.Values.SaveEvery.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (doc.Values.AnimationMode == "Video Source")
        {
            global["video"] = digests.Of(doc.Values.VideoPath);
        }
        if (RenderJob.NeedsFlowModel(doc))
            global["flow"] = FlowModelResolver.Digest(doc, store, digests);
        if (DepthModelResolver.Needed(doc))
            global["depth"] = DepthModelResolver.Digest(doc, store, digests);
        if (doc.Values.ImageModel == "VQGAN" && VqganResolver.Sources(store, doc) is { } vqgan)
        {
            global["vqgan:checkpoint"] = vqgan.Checkpoint.Sha256;   // shipped or pinned: keyed without downloading, as flow and depth
            global["vqgan:config"] = vqgan.Config.Sha256;
        }
        else if (doc.Values.ImageModel == "VQGAN")
        {
            var (checkpoint, config) = VqganResolver.Resolve(store, doc);
            global["vqgan:checkpoint"] = digests.Of(checkpoint);
            global["vqgan:config"] = digests.Of(config);
        }
        foreach (var reference in doc.Perceptors.Select(p => ModelReference.Parse(p, doc.RootDirectory)))
        {
            var (name, sha) = reference switch
            {
                ModelReference.Registered r => (r.Source.Name, r.Source.Sha256),
                ModelReference.LocalFile f => (Path.GetFileName(f.Path), digests.Of(f.Path)),
                _ => throw new InvalidOperationException(),
            };
            global["perceptor:" + name] = sha;
        }
        return global;
    }

    private static Func<string, string> Digest(FileDigests digests) => path =>
    {
        try
        {
            return digests.Of(path);
        }
        catch (FileNotFoundException e)
        {
            throw new MediaException($"{path}: input file not found. Check the path in the scene file (relative paths resolve against its folder).", e);
        }
    };

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
