using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Pre-activation residual block: norm → swish → 3×3 conv, twice (dropout before the second conv),
/// plus the input, through a 1×1 <c>nin_shortcut</c> when the width changes. No timestep embedding
/// (taming's VQGAN builds these with <c>temb_channels = 0</c>).
/// </summary>
public sealed class ResnetBlock : Module
{
    private readonly double _dropout;

    public ResnetBlock(int inChannels, int outChannels, double dropout)
    {
        _dropout = dropout;
        norm1 = RegisterModule("norm1", VqganLayers.Normalize(inChannels));
        conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, padding: 1));
        norm2 = RegisterModule("norm2", VqganLayers.Normalize(outChannels));
        conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, padding: 1));
        if (inChannels != outChannels)
            nin_shortcut = RegisterModule("nin_shortcut", new Conv2d(inChannels, outChannels, 1));
    }

    public GroupNorm norm1 { get; }
    public Conv2d conv1 { get; }
    public GroupNorm norm2 { get; }
    public Conv2d conv2 { get; }
    public Conv2d? nin_shortcut { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = conv1.Forward(VqganLayers.Swish(norm1.Forward(x)));
        h = VqganLayers.Swish(norm2.Forward(h));
        h = conv2.Forward(Functional.Dropout(h, _dropout, Training));
        var shortcut = nin_shortcut is null ? x : nin_shortcut.Forward(x);
        return (shortcut + h).MoveToOuterScope();
    }
}
