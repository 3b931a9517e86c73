using TorchSharp;

namespace Pytti.Engine.ImageModels;

/// <summary>
/// PyTTI's perceived brightness (HSP, https://alienryderflex.com/hsp.html): sqrt(0.299 r² + 0.587 g² + 0.114 b²).
/// It orders the colours of a palette and sets a pixel's brightness from an image.
/// </summary>
internal static class LimitedPaletteLuminance
{
    private static readonly float[] Weights = [0.299f, 0.587f, 0.114f];

    /// <summary>The three channel weights as a tensor of <paramref name="shape"/> with <paramref name="like"/>'s dtype and device.</summary>
    public static torch.Tensor WeightTensor(torch.Tensor like, params long[] shape)
    {
        using var cpu = torch.tensor(Weights, shape);
        return cpu.to(like.dtype, like.device);
    }

    /// <summary>Sorts each palette's colours by ascending 0.299 r² + 0.587 g² + 0.114 b²: [P,K,3] → [P,K,3].</summary>
    public static torch.Tensor SortByLuminance(torch.Tensor palette)
    {
        using var scope = torch.NewDisposeScope();
        var (p, k) = (palette.size(0), palette.size(1));
        var norms = (LimitedPaletteLosses.Square(palette) * WeightTensor(palette, 1, 1, 3)).sum([-1]); // [P,K]
        var (_, order) = norms.topk((int)p, dim: 0, largest: false, sorted: true);  // [P,K] ascending
        var index = order.unsqueeze(-1).expand(p, k, 3);                             // [P,K,1] -> [P,K,3]
        return palette.gather(0, index).MoveToOuterDisposeScope();
    }

    /// <summary>Perceived brightness of an RGB image: [1,3,h,w] → [h,w].</summary>
    public static torch.Tensor Brightness(torch.Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        var root = WeightTensor(image, 3, 1, 1).sqrt();                              // [3,1,1]
        return torch.linalg.vector_norm(image.select(0, 0) * root, 2, [0]).MoveToOuterDisposeScope(); // [3,h,w] -> [h,w]
    }
}
