using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>taming's <c>nonlinearity</c> and <c>Normalize</c>: the two pieces every VQGAN block shares.</summary>
internal static class VqganLayers
{
    /// <summary><c>x * sigmoid(x)</c>, written as taming writes it (not fused SiLU) to keep its rounding.</summary>
    public static Tensor Swish(Tensor x)
    {
        using var gate = x.sigmoid();
        return x * gate;
    }

    /// <summary>GroupNorm with 32 groups, eps 1e-6, affine, starting (as PyTorch's) at weight 1 and bias 0.</summary>
    public static GroupNorm Normalize(long channels)
    {
        var norm = nn.GroupNorm(32, channels, eps: 1e-6);
        // TorchSharp 0.107 leaves GroupNorm's affine parameters uninitialised (garbage, even NaN, in a model built without a checkpoint)
        nn.init.ones_(norm.weight!);
        nn.init.zeros_(norm.bias!);
        return norm;
    }
}
