using Pytti.Engine.ImageModels;
using Pytti.Models.Store;
using Pytti.Scenes;

namespace Pytti.Pipeline.Rendering;

/// <summary>
/// Finds a scene's VQGAN files: a named model (<c>sflckr</c>, ...) in the store's <c>vqgan/</c> folder,
/// fetched and verified when its digests are known; a path as given (<c>.ckpt</c> with its <c>.yaml</c>).
/// </summary>
internal static class VqganResolver
{
    public static (string Checkpoint, string Config) Resolve(ModelStore store, SceneDocument doc)
    {
        var name = doc.Values.VqganModel;
        if (VqganModels.Find(name) is not { } files) return VqganFiles.FromPath(name);
        if (files.IsVerifiable)
        {
            var config = store.EnsureAsync(files.ConfigSource()!).GetAwaiter().GetResult();
            var checkpoint = store.EnsureAsync(files.CheckpointSource()!).GetAwaiter().GetResult();
            return (checkpoint, config);
        }
        var (ckpt, yaml) = (Path.Combine(store.Root, VqganModels.Kind, files.CheckpointFileName), files.ConfigPath(store.Root));
        var missing = new[] { (ckpt, files.CheckpointUrl), (yaml, files.ConfigUrl) }.Where(f => !File.Exists(f.Item1)).ToList();
        if (missing.Count > 0)
            throw new ModelStoreException(ModelErrorCodes.ModelUnavailable,
                $"VQGAN model '{name}' is not in the model store, and this build has no SHA-256 digests to download it with. " +
                "Download " + string.Join(" and ", missing.Select(m => $"{m.Item2} to {m.Item1}")) + ", or set vqgan_model to a .ckpt path.");
        return (ckpt, yaml);
    }
}
