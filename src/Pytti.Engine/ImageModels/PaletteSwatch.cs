using Pytti.Torch;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// The picture PyTTI's <c>show_palette</c> displays (reference 5.2): one 16 px wide column per palette, one
/// 32 px high row per colour, darkest at the top.
/// </summary>
public static class PaletteSwatch
{
    public const int ColumnWidth = 16;
    public const int RowHeight = 32;

    /// <summary>Nearest-neighbour blocks of an effective palette [P,K,3]: → [1,3,P·32,K·16] in [0,1].</summary>
    public static Tensor Render(Tensor palette)
    {
        using var noGrad = LibTorch.NoGrad();
        using var scope = LibTorch.NewDisposeScope();
        var (p, k) = (palette.Size(0), palette.Size(1));
        var image = palette.Permute(2, 0, 1).Unsqueeze(0).Clamp(0.0, 1.0);              // [P,K,3] -> [1,3,P,K]
        return Functional.Interpolate(image, size: [p * RowHeight, k * ColumnWidth]).MoveToOuterScope(); // nearest
    }
}
