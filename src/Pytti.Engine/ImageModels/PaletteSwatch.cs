using TorchSharp;

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
    public static torch.Tensor Render(torch.Tensor palette)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (p, k) = (palette.size(0), palette.size(1));
        var image = palette.permute(2, 0, 1).unsqueeze(0).clamp(0.0, 1.0);              // [P,K,3] -> [1,3,P,K]
        return Interpolate.Nearest(image, p * RowHeight, k * ColumnWidth).MoveToOuterDisposeScope();
    }
}
