using Pytti.Models.Store;
using Pytti.Pipeline.Cache;
using Pytti.Scenes;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The RAFT checkpoint a scene's <c>flow_model</c> names, as CLIP perceptors are named: a registered flow
/// model (<c>raft-small</c>) is fetched and verified through the render's model store when first loaded, a
/// path is used as it is. Frame keys take the registered SHA-256 for a name (no download just to key
/// frames) and the file's SHA-256 for a path, so naming <c>raft-small</c> or pointing at the same file keys alike.
/// <see cref="ParseSetting"/> and <see cref="DigestOf"/> serve <c>depth_model</c> the same way.
/// </summary>
internal static class FlowModelResolver
{
    /// <summary>A registered flow model's name, else an existing checkpoint (relative to the scene's folder).</summary>
    /// <exception cref="ModelStoreException">PYTTI123 for an unknown name (listing the known ones), PYTTI124 for a missing file.</exception>
    public static ModelReference Parse(SceneDocument doc) => ParseSetting(doc, "flow_model", doc.Values.FlowModel, FlowModels.Kind);

    /// <summary>A model setting's value as a registered (or pinnable) name of <paramref name="kind"/>, else a checkpoint path.</summary>
    /// <exception cref="ModelStoreException">PYTTI123/124 as <see cref="ModelReference.Parse"/>, located at the scene and setting.</exception>
    internal static ModelReference ParseSetting(SceneDocument doc, string setting, string value, string kind)
    {
        try
        {
            return ModelReference.Parse(value.Trim(), doc.RootDirectory, kind);
        }
        catch (Exception e) when (e is ModelStoreException or ArgumentException)
        {
            var code = e is ModelStoreException s ? s.Code : ModelErrorCodes.UnknownModel;
            throw new ModelStoreException(code, $"{doc.RootFile}: {setting}: {e.Message}", e);
        }
    }

    /// <summary>What the frame keys record for the flow model: its SHA-256.</summary>
    /// <exception cref="ModelStoreException">as <see cref="Parse"/>.</exception>
    public static string Digest(SceneDocument doc, ModelStore store, FileDigests digests) => DigestOf(Parse(doc), store, digests);

    /// <summary>
    /// The SHA-256 a model reference keys frames by: the registered (or pinned) digest for a name, so that keying
    /// downloads nothing; the file's digest for a path.
    /// </summary>
    /// <exception cref="ModelNeedsDigestException">a pinnable name without a pin in <paramref name="store"/>.</exception>
    internal static string DigestOf(ModelReference reference, ModelStore store, FileDigests digests) =>
        reference.SourceIn(store)?.Sha256 ?? digests.Of(((ModelReference.LocalFile)reference).Path);

    /// <summary>The checkpoint's local path; a registered model is fetched (or found verified) in <paramref name="store"/>.</summary>
    /// <exception cref="ModelStoreException">as <see cref="Parse"/>; PYTTI120/121 when a registered model cannot be fetched or verified.</exception>
    public static string Resolve(SceneDocument doc, ModelStore store) => Parse(doc).ResolveAsync(store).GetAwaiter().GetResult();
}
