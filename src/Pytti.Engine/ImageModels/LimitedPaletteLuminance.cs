using Pytti.Torch;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's perceived brightness (HSP, https://alienryderflex.com/hsp.html): sqrt(0.299 r² + 0.587 g² + 0.114 b²).
/// It orders the colours of a palette and sets a pixel's brightness from an image.
/// </summary>
internal static class LimitedPaletteLuminance
{
    private static readonly float[] Weights = [0.299f, 0.587f, 0.114f];

    /// <summary>The three channel weights as a float32 tensor of <paramref name="shape"/> on <paramref name="like"/>'s device.</summary>
    public static Tensor WeightTensor(Tensor like, params long[] shape)
    {
        using var cpu = Tensor.From(Weights, shape);
        return cpu.To(like.Device, like.DType);
    }

    /// <summary>Sorts each palette's colours by ascending 0.299 r² + 0.587 g² + 0.114 b²: [P,K,3] → [P,K,3].</summary>
    public static Tensor SortByLuminance(Tensor palette)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (p, k) = (palette.Size(0), palette.Size(1));
        var norms = (palette.Square() * WeightTensor(palette, 1, 1, 3)).Sum(-1);    // [P,K]
        var (_, order) = norms.TopK(p, dim: 0, largest: false, sorted: true);       // [P,K] ascending
        var index = order.Unsqueeze(-1).Expand(p, k, 3);                             // [P,K,1] -> [P,K,3]
        return palette.Gather(0, index).MoveToOuterScope();
    }

    /// <summary>Perceived brightness of an RGB image: [1,3,h,w] → [h,w].</summary>
    public static Tensor Brightness(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var root = WeightTensor(image, 3, 1, 1).Sqrt();                              // [3,1,1]
        return (image.Select(0, 0) * root).Norm(2, [0]).MoveToOuterScope();          // [3,h,w] -> [h,w]
    }
}
