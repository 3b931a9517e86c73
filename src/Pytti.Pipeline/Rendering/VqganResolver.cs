using Pytti.Engine.ImageModels;
using Pytti.Models.Store;
using Pytti.Scenes;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Finds a scene's VQGAN files: a named model (<c>sflckr</c>, ...) in the store's <c>vqgan/</c> folder,
/// fetched and verified when its digests are known (shipped, or pinned by the user: the checkpoint as
/// <c>&lt;name&gt;</c>, the config as <c>&lt;name&gt;.yaml</c>); a path as given (<c>.ckpt</c> with its <c>.yaml</c>).
/// A named model with neither shipped nor pinned digests is used from files placed there by hand, unverified,
/// as before pins existed; once either file is pinned, both must be, and nothing unverified is used.
/// </summary>
internal static class VqganResolver
{
    public static (string Checkpoint, string Config) Resolve(ModelStore store, SceneDocument doc)
    {
        var name = doc.Values.VqganModel;
        if (VqganModels.Find(name) is not { } files) return VqganFiles.FromPath(name);
        if (Sources(store, doc) is { } sources)
        {
            var config = store.EnsureAsync(sources.Config).GetAwaiter().GetResult();
            var checkpoint = store.EnsureAsync(sources.Checkpoint).GetAwaiter().GetResult();
            return (checkpoint, config);
        }
        var (ckpt, yaml) = (files.CheckpointPath(store.Root), files.ConfigPath(store.Root));
        var missing = new[] { (ckpt, files.CheckpointUrl), (yaml, files.ConfigUrl) }.Where(f => !File.Exists(f.Item1)).ToList();
        if (missing.Count > 0)
            throw new ModelStoreException(ModelErrorCodes.ModelUnavailable,
                $"VQGAN model '{name}' is not in the model store, and this build has no SHA-256 digests to download it with. " +
                $"Pin both digests (`pytti models pin {files.Name} <sha256>` for the checkpoint, `pytti models pin {files.Name}.yaml <sha256>` " +
                "for the config; hash copies you trust) and the store downloads and verifies them; or download " +
                string.Join(" and ", missing.Select(m => $"{m.Item2} to {m.Item1}")) + " (used unverified while nothing is pinned), or set vqgan_model to a .ckpt path.");
        return (ckpt, yaml);
    }

    /// <summary>
    /// The named model's config and checkpoint as store sources when they can be verified: digests shipped, or
    /// pinned in <paramref name="store"/>; null for a path, or for a named model with no pin at all (hand-placed files).
    /// </summary>
    /// <exception cref="ModelStoreException">PYTTI120 when one file is pinned and the other is not (says how to pin it).</exception>
    public static (ModelSource Config, ModelSource Checkpoint)? Sources(ModelStore store, SceneDocument doc)
    {
        if (VqganModels.Find(doc.Values.VqganModel) is not { } files) return null;
        var pinnable = files.Pinnable().ToList();
        if (pinnable.Count > 0 && pinnable.All(model => store.PinnedDigest(model) is null)) return null;
        try
        {
            return (files.ConfigSource() ?? store.SourceFor(PinnableModels.Find(files.Name + ".yaml")!),
                    files.CheckpointSource() ?? store.SourceFor(PinnableModels.Find(files.Name)!));
        }
        catch (ModelNeedsDigestException e)
        {
            throw new ModelStoreException(e.Code,
                $"{doc.RootFile}: vqgan_model '{files.Name}': one of its files is pinned, so both must be (nothing unverified is used then): {e.Message}", e);
        }
    }
}
