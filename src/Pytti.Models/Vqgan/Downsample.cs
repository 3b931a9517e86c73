using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Halves the resolution: zero-pad one column right and one row below, then a stride-2 3×3 conv
/// (<c>conv</c>); or 2×2 average pooling when the config says <c>resamp_with_conv: false</c>.
/// </summary>
public sealed class Downsample : Module
{
    public Downsample(int channels, bool withConv)
    {
        if (withConv) conv = RegisterModule("conv", new Conv2d(channels, channels, 3, stride: 2));
    }

    public Conv2d? conv { get; }

    public override Tensor Forward(Tensor x)
    {
        if (conv is null) return Functional.AvgPool2d(x, [2, 2], [2, 2]);
        using var padded = Functional.Pad(x, [0, 1, 0, 1]);                    // [B,C,H,W] -> [B,C,H+1,W+1]
        return conv.Forward(padded);
    }
}
