using TorchSharp;

namespace Pytti.Models.Clip;

/// <summary>Embeddings scaled to unit length along the last axis.</summary>
internal static class UnitVectors
{
    /// <summary><c>x / max(‖x‖₂, 1e-12)</c> along the last axis, as <c>F.normalize(x, dim=-1)</c>.</summary>
    public static torch.Tensor Normalize(torch.Tensor x)
    {
        using var norm = torch.linalg.vector_norm(x, 2, [-1], true);
        using var clamped = norm.clamp(1e-12);
        using var denominator = clamped.expand(x.shape);
        return x / denominator;
    }
}
