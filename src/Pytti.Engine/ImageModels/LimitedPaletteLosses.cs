using TorchSharp;

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
    public static torch.Tensor Hdr(torch.Tensor palette, double gamma)
    {
        using var scope = torch.NewDisposeScope();
        var (p, k) = (palette.size(0), palette.size(1));
        var target = torch.linspace(0, 1, p, palette.dtype, palette.device).pow(gamma).view(p, 1).repeat(1, k); // [P] -> [P,K]
        var root = LimitedPaletteLuminance.WeightTensor(palette, 1, 1, 3).sqrt();
        var brightness = torch.linalg.vector_norm(palette * root, 2, [-1]);              // [P,K,3] -> [P,K]
        return Square(brightness - target).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Palette normalisation: decorrelates the palettes' softmax weights over the pixels and rewards their
    /// spread. With S = softmax over palettes [N,K], μ, σ its per-palette mean and unbiased std:
    /// R = (S−μ)ᵀ(S−μ) / (σσᵀ·N) with a zero diagonal; raw = mean(R) + mean(1/(σ·N)).
    /// </summary>
    public static torch.Tensor Normalization(torch.Tensor logits)
    {
        using var scope = torch.NewDisposeScope();
        var k = logits.size(0);
        var s = torch.nn.functional.softmax(logits.permute(1, 2, 0).reshape(-1, k), -1); // [K,h,w] -> [h,w,K] -> [N,K]
        var n = s.size(0);
        var mu = s.mean([0], keepdim: true);                                            // [1,K]
        var sigma = s.std([0], unbiased: true, keepdim: true);                          // [1,K]
        var x = s - mu;                                                                 // [N,K]
        var r = torch.mm(x.transpose(0, 1), x) / (sigma * sigma.transpose(0, 1) * n);   // [K,N]@[N,K] -> [K,K]
        var offDiagonal = torch.eye(k, k, r.dtype, r.device).neg().add(1);              // 1 − I as −I + 1 (ATen's rsub); [K,K]
        var spread = (sigma * n).reciprocal().mean();
        return ((r * offDiagonal).mean() + spread).MoveToOuterDisposeScope();
    }

    /// <summary>x·x, as the engine squares (one multiplication).</summary>
    internal static torch.Tensor Square(torch.Tensor x) => x.mul(x);
}
