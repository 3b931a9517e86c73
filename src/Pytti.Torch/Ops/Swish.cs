using TorchSharp;

namespace Pytti.Torch.Ops;

/// <summary>Swish <c>x·σ(alpha·x)</c>; CLIP's QuickGELU is <c>alpha</c> = 1.702.</summary>
public static class Swish
{
    /// <summary>
    /// Computed as <c>silu(alpha·x)/alpha</c>: one fused pass each way instead of a sigmoid, two products and their
    /// gradients.
    /// </summary>
    public static torch.Tensor Apply(torch.Tensor x, double alpha = 1.0)
    {
        if (alpha == 1.0) return torch.nn.functional.silu(x);
        using var a = torch.tensor(alpha, x.dtype, x.device);
        using var scaled = x.mul(a);
        using var activated = torch.nn.functional.silu(scaled);
        return activated.div(a);
    }
}
