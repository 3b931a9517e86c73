using TS = TorchSharp;

namespace Pytti.Torch.NN;

/// <summary>
/// Checkpoint loading for TorchSharp modules whose parameter and buffer names are the checkpoint's keys
/// (<c>visual.transformer.resblocks.0.attn.in_proj_weight</c>): every key and shape is compared first, and on any
/// mismatch nothing is copied and one <see cref="StateDictMismatchException"/> names each offending key.
/// </summary>
public static class ModuleWeights
{
    /// <summary>
    /// Copies <paramref name="source"/>'s values into <paramref name="module"/>'s parameters and persistent buffers,
    /// converting dtype and device (fp16 checkpoints into float32 modules). The module keeps its own tensors, so
    /// optimisers and views over them stay valid. <paramref name="ignore"/> names source keys a strict load may skip.
    /// </summary>
    public static void LoadWeights(this TS.torch.nn.Module module, IReadOnlyDictionary<string, TS.torch.Tensor> source,
        bool strict = true, Func<string, bool>? ignore = null)
    {
        var own = module.state_dict();
        StateDictCheck.Validate(module.GetType().Name, StateDictCheck.Shapes(own, t => t.shape), StateDictCheck.Shapes(source, t => t.shape),
            strict, ignore);
        using var noGrad = TS.torch.no_grad();
        foreach (var (name, target) in own)
            if (source.TryGetValue(name, out var value)) target.copy_(value);
    }

    /// <summary>Evaluation mode with every parameter frozen (no gradients): how pretrained models are used.</summary>
    public static T Freeze<T>(this T module) where T : TS.torch.nn.Module
    {
        module.eval();
        foreach (var p in module.parameters()) p.requires_grad = false;
        return module;
    }

    /// <summary>Disposes every tensor of a loaded checkpoint.</summary>
    public static void DisposeAll(this IReadOnlyDictionary<string, TS.torch.Tensor> tensors)
    {
        foreach (var t in tensors.Values) t.Dispose();
    }
}
