using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// DINOv2's <c>interpolate_pos_encoding</c>: the learned square grid of patch position embeddings is
/// resized bicubically (no antialias) to the input's patch grid. Like upstream it passes scale factors
/// ((gh + 0.1)/M, (gw + 0.1)/M), not a size, so the sampling scale is that factor, not out/in.
/// A square input whose grid equals the learned one uses the embeddings as they are.
/// </summary>
internal static class PositionEmbedding
{
    /// <summary><paramref name="posEmbed"/> [1, 1 + M², D] → [1, 1 + gh·gw, D] for an H x W input (a new tensor the caller disposes).</summary>
    public static Tensor ForGrid(Tensor posEmbed, long height, long width, int patchSize)
    {
        var learned = posEmbed.shape[1] - 1;
        var (gh, gw) = (height / patchSize, width / patchSize);
        if (gh * gw == learned && height == width) return posEmbed.alias();
        using var scope = NewDisposeScope();
        var dim = posEmbed.shape[2];
        var side = Math.Sqrt(learned);
        var m = (long)side;
        var classPos = posEmbed.select(1, 0).unsqueeze(0);                                 // [1, 1, D]
        var grid = posEmbed.slice(1, 1, learned + 1, 1).reshape(1, m, m, dim).permute(0, 3, 1, 2); // [1, M², D] -> [1, D, M, M]
        double[] scale = [(gh + DepthConfig.InterpolateOffset) / side, (gw + DepthConfig.InterpolateOffset) / side];
        var resized = nn.functional.interpolate(grid, scale_factor: scale, mode: InterpolationMode.Bicubic,
            align_corners: false, recompute_scale_factor: false);                          // [1, D, gh, gw]
        if (resized.shape[2] != gh || resized.shape[3] != gw)
            throw new InvalidOperationException($"position grid resized to [{string.Join(", ", resized.shape)}], expected {gh}x{gw}");
        var patchPos = resized.permute(0, 2, 3, 1).reshape(1, -1, dim);                   // [1, D, gh, gw] -> [1, gh·gw, D]
        return cat([classPos, patchPos], 1).MoveToOuterDisposeScope();                     // [1, 1 + gh·gw, D]
    }
}
