using Pytti.Torch;
using Pytti.Torch.NN;
using Pytti.Torch.Serialization;

namespace Pytti.Models.Clip;

/// <summary>
/// Loads CLIP from any supported weight file: OpenAI's TorchScript archives (their three int64
/// scalars are skipped), plain <c>torch.save</c> state dicts, safetensors, and OpenCLIP checkpoints
/// (<c>state_dict</c> entry, <c>module.</c> prefix). fp16 weights are widened to float32.
/// </summary>
public static class ClipLoader
{
    private static readonly HashSet<string> ArchiveScalars = ["input_resolution", "context_length", "vocab_size"];

    public static ClipModel Load(string path, ClipActivation activation = ClipActivation.QuickGelu, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No CLIP checkpoint at '{path}'.", path);
        var weights = Weights.Load(path, DType.Float32, options: new WeightLoadOptions { StripModulePrefix = true });
        try
        {
            return FromStateDict(weights, activation, device, path);
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
    }

    public static ClipModel FromStateDict(IReadOnlyDictionary<string, Tensor> weights, ClipActivation activation = ClipActivation.QuickGelu,
        Device? device = null, string? source = null)
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
            model.LoadStateDict(weights, ignore: ArchiveScalars.Contains);
            model.Freeze();
            if (device is { } d) model.To(d);
            return model;
        }
        catch (StateDictMismatchException e)
        {
            model.Dispose();
            throw new ClipLoadException((source is null ? "" : source + ": ") + e.Message);
        }
    }
}
