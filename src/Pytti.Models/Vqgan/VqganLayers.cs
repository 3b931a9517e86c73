using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>taming's <c>nonlinearity</c> and <c>Normalize</c>: the two pieces every VQGAN block shares.</summary>
internal static class VqganLayers
{
    /// <summary><c>x * sigmoid(x)</c>, written as taming writes it (not fused SiLU) to keep its rounding.</summary>
    public static Tensor Swish(Tensor x)
    {
        using var gate = x.Sigmoid();
        return x * gate;
    }

    /// <summary>GroupNorm with 32 groups, eps 1e-6, affine.</summary>
    public static GroupNorm Normalize(int channels) => new(32, channels, eps: 1e-6);
}
