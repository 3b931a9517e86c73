using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>Doubles the resolution: nearest-neighbour ×2, then a 3×3 conv (<c>conv</c>) unless <c>resamp_with_conv: false</c>.</summary>
public sealed class Upsample : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d? conv;

    public Upsample(long channels, bool withConv) : base(nameof(Upsample))
    {
        if (withConv) conv = nn.Conv2d(channels, channels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var upsampled = nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest, recompute_scale_factor: false);
        if (conv is null) return upsampled;
        using (upsampled) return conv.forward(upsampled);
    }
}
