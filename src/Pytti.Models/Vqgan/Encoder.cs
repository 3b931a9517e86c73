using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>
/// taming's VQGAN encoder: <c>conv_in</c>, one <see cref="ResolutionLevel"/> per <c>ch_mult</c> entry
/// (all but the last halve the resolution), <c>mid</c>, then norm → swish → <c>conv_out</c> to
/// <c>z_channels</c> (twice that with <c>double_z</c>). [B,in,H,W] -> [B,z,H/f,W/f].
/// </summary>
public sealed class Encoder : Module
{
    public Encoder(VqganDdConfig config)
    {
        conv_in = RegisterModule("conv_in", new Conv2d(config.InChannels, config.Ch, 3, padding: 1));
        var levels = new List<ResolutionLevel>();
        var resolution = config.Resolution;
        var channels = config.Ch;
        for (var i = 0; i < config.NumResolutions; i++)
        {
            var width = config.Ch * config.ChMult[i];
            var last = i == config.NumResolutions - 1;
            var resample = last ? null : new Downsample(width, config.ResampWithConv);
            levels.Add(new ResolutionLevel(channels, width, config.NumResBlocks,
                config.AttnResolutions.Contains(resolution), config.Dropout, resample));
            channels = width;
            if (!last) resolution /= 2;
        }
        down = RegisterModule("down", new ModuleList<ResolutionLevel>(levels));
        mid = RegisterModule("mid", new MidBlock(channels, config.Dropout));
        norm_out = RegisterModule("norm_out", VqganLayers.Normalize(channels));
        conv_out = RegisterModule("conv_out", new Conv2d(channels, config.DoubleZ ? 2 * config.ZChannels : config.ZChannels, 3, padding: 1));
    }

    public Conv2d conv_in { get; }
    public ModuleList<ResolutionLevel> down { get; }
    public MidBlock mid { get; }
    public GroupNorm norm_out { get; }
    public Conv2d conv_out { get; }

    public override Tensor Forward(Tensor image)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = conv_in.Forward(image);
        foreach (var level in down) h = level.Forward(h);
        h = mid.Forward(h);
        return conv_out.Forward(VqganLayers.Swish(norm_out.Forward(h))).MoveToOuterScope();
    }
}
