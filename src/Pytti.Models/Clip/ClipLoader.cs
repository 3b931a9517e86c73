using Pytti.Torch;
using Pytti.Torch.NN;
using Pytti.Torch.Serialization;
using TorchSharp;

namespace Pytti.Models.Clip;

/// <summary>
/// Loads CLIP from any supported weight file: OpenAI's TorchScript archives (their three int64
/// scalars are skipped), plain <c>torch.save</c> state dicts, safetensors, and OpenCLIP checkpoints
/// (the same keys without those scalars; a <c>state_dict</c> entry and <c>module.</c> prefix are unwrapped).
/// fp16 weights are widened to float32. The activation is not in the weights: OpenCLIP's models need
/// <see cref="ClipActivation.Gelu"/> (<see cref="ClipOrigin"/>).
/// </summary>
public static class ClipLoader
{
    private static readonly HashSet<string> ArchiveScalars = ["input_resolution", "context_length", "vocab_size"];

    public static ClipModel Load(string path, ClipActivation activation = ClipActivation.QuickGelu, torch.Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No CLIP checkpoint at '{path}'.", path);
        var weights = Weights.LoadTorch(path, DType.Float32, options: new WeightLoadOptions { StripModulePrefix = true });
        try
        {
            return FromStateDict(weights, activation, device, path);
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    public static ClipModel FromStateDict(IReadOnlyDictionary<string, torch.Tensor> weights, ClipActivation activation = ClipActivation.QuickGelu,
        torch.Device? device = null, string? source = null)
    {
        ClipConfig config;
        try
        {
            config = ClipConfig.Infer(weights, activation);
        }
        catch (ClipLoadException e) when (source is not null)
        {
            throw new ClipLoadException($"{source}: {e.Message}");
        }
        var model = new ClipModel(config);
        try
        {
            model.LoadWeights(weights, ignore: ArchiveScalars.Contains);
            model.Freeze();
            if (device is { } d) model.to(d);
            return model;
        }
        catch (StateDictMismatchException e)
        {
            model.Dispose();
            throw new ClipLoadException((source is null ? "" : source + ": ") + e.Message);
        }
    }
}
