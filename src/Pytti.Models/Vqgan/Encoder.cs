using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// taming's VQGAN encoder: <c>conv_in</c>, one <see cref="ResolutionLevel"/> per <c>ch_mult</c> entry
/// (all but the last halve the resolution), <c>mid</c>, then norm → swish → <c>conv_out</c> to
/// <c>z_channels</c> (twice that with <c>double_z</c>). [B,in,H,W] -> [B,z,H/f,W/f].
/// </summary>
public sealed class Encoder : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv_in;
    private readonly ModuleList<ResolutionLevel> down;
    private readonly MidBlock mid;
    private readonly GroupNorm norm_out;
    private readonly Conv2d conv_out;

    public Encoder(VqganDdConfig config) : base(nameof(Encoder))
    {
        conv_in = nn.Conv2d(config.InChannels, config.Ch, 3, padding: 1);
        var levels = new List<ResolutionLevel>();
        var resolution = config.Resolution;
        long channels = config.Ch;
        for (var i = 0; i < config.NumResolutions; i++)
        {
            long width = config.Ch * config.ChMult[i];
            var last = i == config.NumResolutions - 1;
            var resample = last ? null : new Downsample(width, config.ResampWithConv);
            levels.Add(new ResolutionLevel(channels, width, config.NumResBlocks,
                config.AttnResolutions.Contains(resolution), config.Dropout, resample));
            channels = width;
            if (!last) resolution /= 2;
        }
        down = nn.ModuleList(levels.ToArray());
        mid = new MidBlock(channels, config.Dropout);
        norm_out = VqganLayers.Normalize(channels);
        conv_out = nn.Conv2d(channels, config.DoubleZ ? 2 * config.ZChannels : config.ZChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var h = conv_in.forward(image);
        foreach (var level in down) h = level.forward(h);
        h = mid.forward(h);
        return conv_out.forward(VqganLayers.Swish(norm_out.forward(h))).MoveToOuterDisposeScope();
    }
}
