using Pytti.Torch;
using Pytti.Torch.NN;
using TorchSharp;
using TS = TorchSharp;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Builds a <see cref="VqganModel"/> from a taming YAML config and loads a checkpoint into it (Lightning
/// <c>.ckpt</c> or any weight file). Every key and shape of the model must be in the checkpoint;
/// <c>loss.*</c> weights (discriminator, LPIPS) are skipped, and for a <c>Net2NetTransformer</c> only the
/// <c>first_stage_model.*</c> weights are read. Parameters are frozen and the model is in evaluation mode.
/// </summary>
public static class VqganLoader
{
    public static VqganModel Load(string checkpointPath, string configPath, TS.torch.Device? device = null)
    {
        var config = VqganConfigReader.Read(configPath);
        if (!File.Exists(checkpointPath)) throw new FileNotFoundException($"No VQGAN checkpoint (.ckpt) at '{checkpointPath}'.", checkpointPath);
        var weights = ReadWeights(checkpointPath);
        try
        {
            return FromStateDict(config, FirstStage(weights, config.KeyPrefix), $"{checkpointPath} (config {configPath})", device);
        }
        finally
        {
            weights.DisposeAll();
        }
    }

    /// <summary>Builds the model for <paramref name="config"/> and copies <paramref name="weights"/> (keys without prefix) into it.</summary>
    public static VqganModel FromStateDict(VqganConfig config, IReadOnlyDictionary<string, TS.torch.Tensor> weights, string source = "state dict",
        TS.torch.Device? device = null)
    {
        var model = new VqganModel(config);
        try
        {
            model.LoadWeights(weights, ignore: IsTrainingOnly);
        }
        catch (StateDictMismatchException e)
        {
            model.Dispose();
            throw new VqganLoadException($"{source}: the checkpoint does not fit the config: {e.Message}", e);
        }
        model.Freeze();
        if (device is { } d) model.to(d);
        return model;
    }

    /// <summary>Weights only used in training: the perceptual loss and discriminator (<c>loss.*</c>).</summary>
    public static bool IsTrainingOnly(string key) => key.StartsWith("loss.", StringComparison.Ordinal);

    private static Dictionary<string, TS.torch.Tensor> ReadWeights(string path)
    {
        try
        {
            return Weights.LoadTorch(path, DType.Float32);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new VqganLoadException($"{path}: cannot read the checkpoint: {e.Message}", e);
        }
    }

    /// <summary>The autoencoder's weights with <paramref name="prefix"/> removed; other keys dropped (all keys when the prefix is empty).</summary>
    private static IReadOnlyDictionary<string, TS.torch.Tensor> FirstStage(Dictionary<string, TS.torch.Tensor> weights, string prefix) =>
        prefix.Length == 0
            ? weights
            : weights.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                     .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
