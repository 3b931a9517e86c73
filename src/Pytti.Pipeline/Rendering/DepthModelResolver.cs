using System.Globalization;
using Pytti.Models.Depth;
using Pytti.Models.Store;
using Pytti.Pipeline.Cache;
using Pytti.Scenes;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The Depth Anything V2 checkpoint a scene's <c>depth_model</c> names, for 3D animation and depth
/// stabilisation, as <c>flow_model</c> is named: a registered depth model (<c>depth-anything-v2-small</c>) or a
/// checkpoint path. This build ships no digest for the registered ones, so a name is fetched and verified
/// through the render's store only once the user has pinned its digest (<c>pytti models pin</c>); unpinned, it is
/// refused with where to read the digest and how to pin it. Frame keys take the pinned SHA-256 for a name
/// and the file's SHA-256 for a path, so both key alike.
/// </summary>
internal static class DepthModelResolver
{
    /// <summary>
    /// Test-only override of the attention heads, which the weights do not record (default width/64):
    /// the tiny test fixture has 2. Scenes never set it.
    /// </summary>
    public const string HeadsVariable = "PYTTI_DEPTH_HEADS";

    public static bool Needed(SceneDocument doc) => doc.Values.AnimationMode == "3D" || doc.Losses.DepthStabilization is not null;

    /// <summary>A registered depth model's name, else an existing checkpoint (the scene loader made paths absolute).</summary>
    /// <exception cref="ModelStoreException">PYTTI123 for an unknown name, PYTTI124 for a missing file.</exception>
    public static ModelReference Parse(SceneDocument doc) => ModelSetting.Parse(doc, "depth_model", doc.Values.DepthModel, DepthModels.Kind);

    /// <summary>What the store must fetch and verify for <c>depth_model</c>, or null for a path.</summary>
    /// <exception cref="ModelStoreException">as <see cref="Parse"/>; PYTTI120 for a registered name without a pinned digest.</exception>
    public static ModelSource? Source(SceneDocument doc, ModelStore store) => Located(doc, () => Parse(doc).SourceIn(store));

    /// <summary>What the frame keys record for the depth model: its pinned SHA-256, or the file's.</summary>
    /// <exception cref="ModelStoreException">as <see cref="Source"/>.</exception>
    public static string Digest(SceneDocument doc, ModelStore store, FileDigests digests) =>
        Located(doc, () => ModelSetting.Digest(Parse(doc), store, digests));

    /// <summary>
    /// Loads the checkpoint on first use, or null when the scene needs no depth. The name is checked now; a
    /// registered model is fetched (or found verified: the preflight fetched it) when the loader first runs.
    /// The model loads onto <paramref name="device"/> (null = CPU).
    /// </summary>
    public static Func<DepthModel>? Loader(SceneDocument doc, ModelStore store, TorchSharp.torch.Device? device = null)
    {
        if (!Needed(doc)) return null;
        var reference = Parse(doc);
        var heads = int.TryParse(Environment.GetEnvironmentVariable(HeadsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : (int?)null;
        return () =>
        {
            var path = Located(doc, () => reference.ResolveAsync(store).GetAwaiter().GetResult());
            try
            {
                return DepthModel.Load(path, device, heads: heads);
            }
            catch (Exception e) when (e is DepthLoadException or Pytti.Torch.Serialization.WeightFormatException)
            {
                throw new RenderException(PipelineErrorCodes.NotSupported, $"{doc.RootFile}: depth_model {path} is not a Depth Anything V2 checkpoint: {e.Message}", e);
            }
        };
    }

    /// <summary>Store errors about a registered name, located at the scene's <c>depth_model</c> (with why the render needs it).</summary>
    private static T Located<T>(SceneDocument doc, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ModelNeedsDigestException e)
        {
            throw new ModelStoreException(e.Code,
                $"{doc.RootFile}: depth_model (3D animation and depth_stabilization_weight need it): {e.Message}", e);
        }
    }
}
