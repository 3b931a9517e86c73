using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// The architecture of a Depth Anything V2 checkpoint, read from its weights: the DINOv2 backbone
/// (width, depth, heads, MLP width, patch size, position grid) and the DPT head (features, the four
/// projection widths, batch norm, class-token readout), plus which blocks feed the head.
/// </summary>
public sealed record DepthConfig(
    long EmbedDim,
    int Depth,
    int Heads,
    long MlpHidden,
    int PatchSize,
    bool LayerScale,
    long Features,
    long[] OutChannels,
    int[] LayerIndices,
    bool UseBatchNorm,
    bool UseClassToken)
{
    /// <summary>DINOv2's offset added to the patch grid before interpolating position embeddings.</summary>
    public const double InterpolateOffset = 0.1;

    /// <summary>Blocks whose outputs feed the head, per backbone depth (upstream <c>intermediate_layer_idx</c>; 12 blocks: ViT-S and ViT-B).</summary>
    private static readonly Dictionary<int, int[]> UpstreamLayers = new()
    {
        [12] = [2, 5, 8, 11],
        [24] = [4, 11, 17, 23],
        [40] = [9, 19, 29, 39],
    };

    /// <summary>
    /// Reads the architecture from a Depth Anything V2 state dict. Heads are not in the weights:
    /// <paramref name="heads"/> if given, else DINOv2's width/64 (ViT-S 6, ViT-B 12, ViT-L 16).
    /// Head inputs: <paramref name="layers"/> if given, else upstream's for 12, 24 and 40 blocks, or all
    /// blocks of a 4-block backbone.
    /// </summary>
    public static DepthConfig Infer(IReadOnlyDictionary<string, Tensor> w, int? heads = null, int[]? layers = null)
    {
        Require(w, "pretrained.cls_token", "pretrained.patch_embed.proj.weight", "pretrained.blocks.0.mlp.fc1.weight",
            "depth_head.scratch.layer1_rn.weight", "depth_head.projects.0.weight");
        if (w.ContainsKey("pretrained.register_tokens"))
            throw new DepthLoadException("'pretrained.register_tokens': DINOv2 with register tokens is not supported");
        var embed = w["pretrained.cls_token"].shape[^1];
        var depth = w.Keys.Where(k => k.StartsWith("pretrained.blocks.", StringComparison.Ordinal))
            .Select(k => k.Split('.')[2]).Distinct().Count();
        var chosenLayers = layers ?? (UpstreamLayers.TryGetValue(depth, out var known) ? known
            : depth == 4 ? [0, 1, 2, 3]
            : throw new DepthLoadException($"no upstream head layers for a {depth}-block backbone ('pretrained.blocks.*'); give them explicitly"));
        var outChannels = Enumerable.Range(0, 4).Select(i => Size0(w, $"depth_head.projects.{i}.weight")).ToArray();
        return new DepthConfig(
            embed, depth, heads ?? (int)Math.Max(1, embed / 64), w["pretrained.blocks.0.mlp.fc1.weight"].shape[0],
            (int)w["pretrained.patch_embed.proj.weight"].shape[^1], w.ContainsKey("pretrained.blocks.0.ls1.gamma"),
            w["depth_head.scratch.layer1_rn.weight"].shape[0], outChannels, chosenLayers,
            w.ContainsKey("depth_head.scratch.refinenet1.resConfUnit1.bn1.weight"),
            w.ContainsKey("depth_head.readout_projects.0.0.weight"));
    }

    private static long Size0(IReadOnlyDictionary<string, Tensor> w, string key)
    {
        Require(w, key);
        return w[key].shape[0];
    }

    private static void Require(IReadOnlyDictionary<string, Tensor> w, params string[] keys)
    {
        var missing = keys.Where(k => !w.ContainsKey(k)).ToArray();
        if (missing.Length > 0)
            throw new DepthLoadException($"not a Depth Anything V2 checkpoint: missing {string.Join(", ", missing.Select(k => $"'{k}'"))}");
    }
}

/// <summary>A checkpoint that cannot be read as Depth Anything V2; the message names the offending key.</summary>
public sealed class DepthLoadException(string message) : Exception(message);
