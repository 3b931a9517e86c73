using TorchSharp;

namespace Pytti.Models.Clip;

/// <summary>Which activation the transformer MLPs use: OpenAI's models use QuickGELU, most OpenCLIP ones plain GELU.</summary>
public enum ClipActivation { QuickGelu, Gelu }

/// <summary>
/// The architecture of a CLIP model, as OpenAI's <c>build_model</c> derives it from the weights:
/// nothing is fixed to a particular model size.
/// </summary>
public sealed record ClipConfig(
    int EmbedDim,
    int ImageResolution,
    int[] VisionLayers,       // ViT: one entry (depth); ResNet: blocks per stage
    int VisionWidth,
    int? VisionPatchSize,     // null for ModifiedResNet
    int ContextLength,
    int VocabSize,
    int TransformerWidth,
    int TransformerHeads,
    int TransformerLayers,
    ClipActivation Activation = ClipActivation.QuickGelu)
{
    public bool IsVisionTransformer => VisionPatchSize is not null;

    /// <summary>ViT heads = width/64; ResNet attention-pool heads = 32·width/64 (at least one).</summary>
    public int VisionHeads => Math.Max(1, IsVisionTransformer ? VisionWidth / 64 : VisionWidth * 32 / 64);

    public static ClipConfig Infer(IReadOnlyDictionary<string, torch.Tensor> w, ClipActivation activation = ClipActivation.QuickGelu)
    {
        Require(w, "text_projection", "positional_embedding", "token_embedding.weight", "ln_final.weight");
        var embedDim = (int)w["text_projection"].size(1);
        var contextLength = (int)w["positional_embedding"].size(0);
        var vocabSize = (int)w["token_embedding.weight"].size(0);
        var transformerWidth = (int)w["ln_final.weight"].size(0);
        var transformerLayers = CountIndices(w.Keys, "transformer.resblocks.");
        if (w.ContainsKey("visual.proj"))
        {
            Require(w, "visual.conv1.weight", "visual.positional_embedding");
            var conv = w["visual.conv1.weight"];
            var patch = (int)conv.shape[^1];
            var grid = (int)Math.Round(Math.Sqrt(w["visual.positional_embedding"].size(0) - 1));
            var layers = w.Keys.Count(k => k.StartsWith("visual.", StringComparison.Ordinal) && k.EndsWith(".attn.in_proj_weight", StringComparison.Ordinal));
            return new ClipConfig(embedDim, patch * grid, [layers], (int)conv.size(0), patch, contextLength, vocabSize,
                transformerWidth, Math.Max(1, transformerWidth / 64), transformerLayers, activation);
        }
        Require(w, "visual.layer1.0.conv1.weight", "visual.attnpool.positional_embedding");
        var stages = Enumerable.Range(1, 4).Select(b => CountIndices(w.Keys, $"visual.layer{b}.")).ToArray();
        var tokens = w["visual.attnpool.positional_embedding"].size(0);
        var outputWidth = (int)Math.Round(Math.Sqrt(tokens - 1));
        if (outputWidth * outputWidth + 1 != tokens)
            throw new ClipLoadException($"visual.attnpool.positional_embedding has {tokens} rows, not a square grid plus one");
        return new ClipConfig(embedDim, outputWidth * 32, stages, (int)w["visual.layer1.0.conv1.weight"].size(0), null,
            contextLength, vocabSize, transformerWidth, Math.Max(1, transformerWidth / 64), transformerLayers, activation);
    }

    /// <summary>Number of distinct indices after <paramref name="prefix"/> (e.g. resblocks.0, resblocks.1, ...).</summary>
    private static int CountIndices(IEnumerable<string> keys, string prefix) =>
        keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..].Split('.')[0]).Distinct().Count();

    private static void Require(IReadOnlyDictionary<string, torch.Tensor> w, params string[] keys)
    {
        var missing = keys.Where(k => !w.ContainsKey(k)).ToArray();
        if (missing.Length > 0)
            throw new ClipLoadException($"not a CLIP checkpoint: missing {string.Join(", ", missing.Select(k => $"'{k}'"))}");
    }
}

/// <summary>A checkpoint that cannot be read as CLIP; the message names the offending key.</summary>
public sealed class ClipLoadException(string message) : Exception(message);
