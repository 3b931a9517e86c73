using System.Runtime.ExceptionServices;
using Pytti.Models.Store;
using Pytti.Scenes;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Fetches (or finds verified) every registered model file a render needs before anything renders: each
/// registered perceptor (the CLIP vocabulary ships inside the product), a registered flow model, a pinned depth model and a named
/// VQGAN whose digests are shipped or pinned. A user who is offline then learns about every missing (or
/// unpinned) file at once, with where to put each, instead of one per attempt; and a render never stops
/// half-way because a later model is missing. Checkpoints given by path, and a named VQGAN placed by hand
/// without pins, are not checked here: the loaders report those with the scene's location.
/// </summary>
internal static class ModelPreflight
{
    /// <summary>The registered model files <paramref name="doc"/> renders with, each once, with their digests in <paramref name="store"/>.</summary>
    /// <param name="unavailable">Collects the PYTTI120 errors of registered names that have no pinned digest.</param>
    /// <exception cref="ModelStoreException">PYTTI123/124 for a model setting that is neither a name nor a file.</exception>
    public static IReadOnlyList<ModelSource> Needed(SceneDocument doc, ModelStore store, List<ModelStoreException> unavailable)
    {
        var sources = new List<ModelSource>();
        foreach (var perceptor in doc.Perceptors)
            if (ModelReference.Parse(perceptor, doc.RootDirectory) is ModelReference.Registered registered) sources.Add(registered.Source);
        if (RenderJob.NeedsFlowModel(doc) && FlowModelResolver.Parse(doc).SourceIn(store) is { } flow) sources.Add(flow);
        Collect(sources, unavailable, () => DepthModelResolver.Needed(doc) && DepthModelResolver.Source(doc, store) is { } depth ? [depth] : []);
        Collect(sources, unavailable, () => doc.Values.ImageModel == "VQGAN" && VqganResolver.Sources(store, doc) is { } vqgan ? [vqgan.Config, vqgan.Checkpoint] : []);
        return [.. sources.Distinct()];
    }

    /// <summary>Adds what <paramref name="find"/> gives, or keeps its PYTTI120 (an unpinned digest) to report with the rest.</summary>
    private static void Collect(List<ModelSource> sources, List<ModelStoreException> unavailable, Func<ModelSource[]> find)
    {
        try
        {
            sources.AddRange(find());
        }
        catch (ModelStoreException e) when (e.Code == ModelErrorCodes.ModelUnavailable)
        {
            unavailable.Add(e);
        }
    }

    /// <summary>Ensures every file of <see cref="Needed"/> in <paramref name="store"/>.</summary>
    /// <exception cref="ModelStoreException">
    /// PYTTI120 naming every file that cannot be fetched (URL, expected SHA-256 and where to place it, for each,
    /// or how to pin the digest of a file this build has none for); any other store error (a wrong digest, a full disk) as it happens.
    /// </exception>
    public static void EnsureAll(SceneDocument doc, ModelStore store, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var missing = new List<ModelStoreException>();
        foreach (var source in Needed(doc, store, missing))
        {
            try
            {
                store.EnsureAsync(source, progress, cancellationToken).GetAwaiter().GetResult();
            }
            catch (ModelUnavailableException e)
            {
                missing.Add(e);   // keep going: the user should hear about every missing file at once
            }
        }
        if (missing.Count == 1) ExceptionDispatchInfo.Capture(missing[0]).Throw();
        if (missing.Count > 1)
            throw new ModelStoreException(ModelErrorCodes.ModelUnavailable,
                $"{missing.Count} model files that {Path.GetFileName(doc.RootFile)} needs are not in the model store and cannot be downloaded:\n\n"
                + string.Join("\n\n", missing.Select(e => e.Message.TrimEnd())), missing[0]);
    }
}
