using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// Pre-activation residual block: norm → swish → 3×3 conv, twice (dropout before the second conv),
/// plus the input, through a 1×1 <c>nin_shortcut</c> when the width changes. No timestep embedding
/// (taming's VQGAN builds these with <c>temb_channels = 0</c>).
/// </summary>
public sealed class ResnetBlock : nn.Module<Tensor, Tensor>
{
    private readonly double _dropout;
    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    private readonly GroupNorm norm2;
    private readonly Conv2d conv2;
    private readonly Conv2d? nin_shortcut;

    public ResnetBlock(long inChannels, long outChannels, double dropout) : base(nameof(ResnetBlock))
    {
        _dropout = dropout;
        norm1 = VqganLayers.Normalize(inChannels);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        norm2 = VqganLayers.Normalize(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        if (inChannels != outChannels) nin_shortcut = nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = conv1.forward(VqganLayers.Swish(norm1.forward(x)));
        h = VqganLayers.Swish(norm2.forward(h));
        if (training && _dropout > 0) h = nn.functional.dropout(h, _dropout, true);
        h = conv2.forward(h);
        var shortcut = nin_shortcut is null ? x : nin_shortcut.forward(x);
        return (shortcut + h).MoveToOuterDisposeScope();
    }
}
