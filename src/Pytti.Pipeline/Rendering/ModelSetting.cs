using Pytti.Models.Store;
using Pytti.Pipeline.Cache;
using Pytti.Scenes;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// A scene setting that names a model (<c>flow_model</c>, <c>depth_model</c>) as perceptors are named: a registered
/// (or pinnable) name of one kind, else a checkpoint path; and the digest frame keys record for it.
/// </summary>
internal static class ModelSetting
{
    /// <summary>A model setting's value as a registered (or pinnable) name of <paramref name="kind"/>, else a checkpoint path.</summary>
    /// <exception cref="ModelStoreException">PYTTI123/124 as <see cref="ModelReference.Parse"/>, located at the scene and setting.</exception>
    public static ModelReference Parse(SceneDocument doc, string setting, string value, string kind)
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

    /// <summary>
    /// The SHA-256 a model reference keys frames by: the registered (or pinned) digest for a name, so that keying
    /// downloads nothing; the file's digest for a path.
    /// </summary>
    /// <exception cref="ModelNeedsDigestException">a pinnable name without a pin in <paramref name="store"/>.</exception>
    public static string Digest(ModelReference reference, ModelStore store, FileDigests digests) =>
        reference.SourceIn(store)?.Sha256 ?? digests.Of(((ModelReference.LocalFile)reference).Path);
}
