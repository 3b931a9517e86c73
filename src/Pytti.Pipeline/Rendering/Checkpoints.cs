using Pytti.Engine.Rendering;
using Pytti.Pipeline.Cache;
using Pytti.Torch;
using Pytti.Torch.Serialization;

namespace Pytti.Pipeline.Rendering;

/// <summary>Engine states stored as safetensors objects in the content store.</summary>
internal static class Checkpoints
{
    public static string Save(ContentStore store, EngineState state)
    {
        var temp = Pytti.Pipeline.Media.AtomicFile.TempPath(Path.Combine(store.Root, "checkpoint.safetensors"));
        try
        {
            Weights.SaveSafeTensors(temp, state.Tensors, state.Metadata);
            return store.PutFile(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The stored state with its tensors on the render's <paramref name="device"/> (the flow history meets the render's frames).</summary>
    public static EngineState Load(ContentStore store, string sha256, Device device)
    {
        if (!store.TryGet(sha256, out var path)) throw new InvalidOperationException($"checkpoint {sha256} vanished from the cache");
        var file = WeightFile.Load(path);
        return EngineState.FromSaved(file.Metadata, Weights.LoadTorch(path, device: device));
    }
}
