using Pytti.Models.Store;
using Pytti.Pipeline.Cache;
using Pytti.Scenes;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// The RAFT checkpoint a scene's <c>flow_model</c> names, as CLIP perceptors are named: a registered flow
/// model (<c>raft-small</c>) is fetched and verified through the render's model store when first loaded, a
/// path is used as it is. Frame keys take the registered SHA-256 for a name (no download just to key
/// frames) and the file's SHA-256 for a path, so naming <c>raft-small</c> or pointing at the same file keys alike.
/// </summary>
internal static class FlowModelResolver
{
    /// <summary>A registered flow model's name, else an existing checkpoint (relative to the scene's folder).</summary>
    /// <exception cref="ModelStoreException">PYTTI123 for an unknown name (listing the known ones), PYTTI124 for a missing file.</exception>
    public static ModelReference Parse(SceneDocument doc) => ModelSetting.Parse(doc, "flow_model", doc.Values.FlowModel, FlowModels.Kind);

    /// <summary>What the frame keys record for the flow model: its SHA-256.</summary>
    /// <exception cref="ModelStoreException">as <see cref="Parse"/>.</exception>
    public static string Digest(SceneDocument doc, ModelStore store, FileDigests digests) => ModelSetting.Digest(Parse(doc), store, digests);

    /// <summary>The checkpoint's local path; a registered model is fetched (or found verified) in <paramref name="store"/>.</summary>
    /// <exception cref="ModelStoreException">as <see cref="Parse"/>; PYTTI120/121 when a registered model cannot be fetched or verified.</exception>
    public static string Resolve(SceneDocument doc, ModelStore store) => Parse(doc).ResolveAsync(store).GetAwaiter().GetResult();
}
