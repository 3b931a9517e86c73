using Pytti.Torch;

namespace Pytti.Engine.ImageModels;

/// <summary>Limited Palette's own loss terms (reference 5.2), unweighted.</summary>
internal static class LimitedPaletteLosses
{
    public const string HdrName = "HDR normalization";
    public const string NormalizationName = "Palette normalization";

    /// <summary>
    /// HDR: each palette's brightness ramp should follow linspace(0,1,P)^gamma.
    /// mean((‖pal ⊙ sqrt(0.299,0.587,0.114)‖ − c)²) over [P,K].
    /// </summary>
    public static Tensor Hdr(Tensor palette, double gamma)
    {
        using var scope = LibTorch.NewDisposeScope();
        var (p, k) = (palette.Size(0), palette.Size(1));
        var target = Tensor.Linspace(0, 1, p, palette.DType, palette.Device).Pow(gamma).View(p, 1).Repeat(1, k); // [P] -> [P,K]
        var root = LimitedPaletteLuminance.WeightTensor(palette, 1, 1, 3).Sqrt();
        var brightness = (palette * root).Norm(2, [-1]);                                  // [P,K,3] -> [P,K]
        return (brightness - target).Square().Mean().MoveToOuterScope();
    }

    /// <summary>
    /// Palette normalisation: decorrelates the palettes' softmax weights over the pixels and rewards their
    /// spread. With S = softmax over palettes [N,K], μ, σ its per-palette mean and unbiased std:
    /// R = (S−μ)ᵀ(S−μ) / (σσᵀ·N) with a zero diagonal; raw = mean(R) + mean(1/(σ·N)).
    /// </summary>
    public static Tensor Normalization(Tensor logits)
    {
        using var scope = LibTorch.NewDisposeScope();
        var k = logits.Size(0);
        var s = Functional.Softmax(logits.Permute(1, 2, 0).Reshape(-1, k), -1);       // [K,h,w] -> [h,w,K] -> [N,K]
        var n = s.Size(0);
        var mu = s.Mean(0, keepDim: true);                                            // [1,K]
        var sigma = s.Std([0], unbiased: true, keepDim: true);                        // [1,K]
        var x = s - mu;                                                               // [N,K]
        var r = Functional.Mm(x.T(), x) / (sigma * sigma.T() * n);                    // [K,N]@[N,K] -> [K,K]
        var offDiagonal = 1 - Tensor.Eye(k, r.DType, r.Device);                       // [K,K]
        var spread = (sigma * n).Reciprocal().Mean();
        return ((r * offDiagonal).Mean() + spread).MoveToOuterScope();
    }
}
