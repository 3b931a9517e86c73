using Pytti.Torch;

namespace Pytti.Models.Depth;

/// <summary>
/// DINOv2's <c>interpolate_pos_encoding</c>: the learned square grid of patch position embeddings is
/// resized bicubically (no antialias) to the input's patch grid. Like upstream it passes scale factors
/// ((gh + 0.1)/M, (gw + 0.1)/M), not a size, so the sampling scale is that factor, not out/in.
/// A square input whose grid equals the learned one uses the embeddings as they are.
/// </summary>
internal static class PositionEmbedding
{
    /// <summary><paramref name="posEmbed"/> [1, 1 + M², D] → [1, 1 + gh·gw, D] for an H x W input.</summary>
    public static Tensor ForGrid(Tensor posEmbed, long height, long width, int patchSize)
    {
        var learned = posEmbed.Size(1) - 1;
        var (gh, gw) = (height / patchSize, width / patchSize);
        if (gh * gw == learned && height == width) return posEmbed.Share();
        using var scope = LibTorch.NewDisposeScope();
        var dim = posEmbed.Size(2);
        var side = Math.Sqrt(learned);
        var m = (long)side;
        var classPos = posEmbed.Select(1, 0).Unsqueeze(0);                          // [1, 1, D]
        var grid = posEmbed.Slice(1, 1, null).Reshape(1, m, m, dim).Permute(0, 3, 1, 2); // [1, D, M, M]
        double[] scale = [(gh + DepthConfig.InterpolateOffset) / side, (gw + DepthConfig.InterpolateOffset) / side];
        var resized = Functional.Interpolate(grid, scaleFactor: scale, mode: InterpolateMode.Bicubic); // [1, D, gh, gw]
        if (resized.Size(2) != gh || resized.Size(3) != gw)
            throw new InvalidOperationException($"position grid resized to {resized.ShapeString}, expected {gh}x{gw}");
        var patchPos = resized.Permute(0, 2, 3, 1).Reshape(1, -1, dim);             // [1, gh·gw, D]
        return Tensor.Cat([classPos, patchPos], 1).MoveToOuterScope();              // [1, 1 + gh·gw, D]
    }
}
