using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Halves the resolution: zero-pad one column right and one row below, then a stride-2 3×3 conv
/// (<c>conv</c>); or 2×2 average pooling when the config says <c>resamp_with_conv: false</c>.
/// </summary>
public sealed class Downsample : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d? conv;

    public Downsample(long channels, bool withConv) : base(nameof(Downsample))
    {
        if (withConv) conv = nn.Conv2d(channels, channels, 3, stride: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (conv is null) return nn.functional.avg_pool2d(x, [2, 2], [2, 2], [0, 0], false, true);
        using var padded = nn.functional.pad(x, [0, 1, 0, 1], PaddingModes.Constant, 0); // [B,C,H,W] -> [B,C,H+1,W+1]
        return conv.forward(padded);
    }
}
