using Pytti.Models.Vqgan;
using Pytti.Scenes;
using TorchSharp;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// Where a scene's VQGAN comes from. <c>vqgan_model</c> is either one of PyTTI's five names, whose files
/// the caller finds (the pipeline's model store), or a path (already resolved by the scene loader) to a
/// taming checkpoint with its YAML config beside it under the same name: <c>a.ckpt</c> + <c>a.yaml</c>.
/// </summary>
public static class VqganFiles
{
    /// <summary>Loads the scene's VQGAN onto <paramref name="device"/> (null = CPU); <paramref name="resolve"/> maps named models to (checkpoint, config).</summary>
    public static VqganModel Load(SceneDocument doc, Func<SceneDocument, (string Checkpoint, string Config)>? resolve, torch.Device? device = null)
    {
        var (checkpoint, config) = resolve is null ? FromPath(doc.Values.VqganModel) : resolve(doc);
        return VqganModel.Load(checkpoint, config, device);
    }

    /// <summary>A <c>.ckpt</c> or <c>.yaml</c> path → the pair (checkpoint, config) of the same name.</summary>
    public static (string Checkpoint, string Config) FromPath(string value)
    {
        var ext = Path.GetExtension(value).ToLowerInvariant();
        if (ext is not (".ckpt" or ".yaml"))
            throw new NotSupportedException(
                $"vqgan_model '{value}' is a model name; named VQGAN models are read from the model store by the renderer. " +
                "Give a path to a taming '.ckpt' with its '.yaml' config beside it (same name) to load one directly.");
        return (Path.ChangeExtension(value, ".ckpt"), Path.ChangeExtension(value, ".yaml"));
    }
}
