using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>Doubles the resolution: nearest-neighbour ×2, then a 3×3 conv (<c>conv</c>) unless <c>resamp_with_conv: false</c>.</summary>
public sealed class Upsample : Module
{
    public Upsample(int channels, bool withConv)
    {
        if (withConv) conv = RegisterModule("conv", new Conv2d(channels, channels, 3, padding: 1));
    }

    public Conv2d? conv { get; }

    public override Tensor Forward(Tensor x)
    {
        var upsampled = Functional.Interpolate(x, scaleFactor: [2.0, 2.0], mode: InterpolateMode.Nearest);
        if (conv is null) return upsampled;
        using (upsampled) return conv.Forward(upsampled);
    }
}
