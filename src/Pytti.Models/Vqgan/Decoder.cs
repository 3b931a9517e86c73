using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>
/// taming's VQGAN decoder, the encoder mirrored: <c>conv_in</c> from <c>z_channels</c>, <c>mid</c>, then the
/// levels from the coarsest (<c>up.{n-1}</c>) to the finest (<c>up.0</c>), each with <c>num_res_blocks + 1</c>
/// blocks and all but <c>up.0</c> doubling the resolution; norm → swish → <c>conv_out</c>. No output
/// activation. [B,z,h,w] -> [B,out_ch,h·f,w·f].
/// </summary>
public sealed class Decoder : Module
{
    public Decoder(VqganDdConfig config)
    {
        var levelCount = config.NumResolutions;
        var channels = config.Ch * config.ChMult[levelCount - 1];
        var resolution = config.Resolution / config.DownsampleFactor;
        conv_in = RegisterModule("conv_in", new Conv2d(config.ZChannels, channels, 3, padding: 1));
        mid = RegisterModule("mid", new MidBlock(channels, config.Dropout));
        var levels = new ResolutionLevel[levelCount];
        for (var i = levelCount - 1; i >= 0; i--)
        {
            var width = config.Ch * config.ChMult[i];
            var resample = i == 0 ? null : new Upsample(width, config.ResampWithConv);
            levels[i] = new ResolutionLevel(channels, width, config.NumResBlocks + 1,
                config.AttnResolutions.Contains(resolution), config.Dropout, resample);
            channels = width;
            if (i != 0) resolution *= 2;
        }
        up = RegisterModule("up", new ModuleList<ResolutionLevel>(levels));
        norm_out = RegisterModule("norm_out", VqganLayers.Normalize(channels));
        conv_out = RegisterModule("conv_out", new Conv2d(channels, config.OutCh, 3, padding: 1));
    }

    public Conv2d conv_in { get; }
    public MidBlock mid { get; }
    public ModuleList<ResolutionLevel> up { get; }
    public GroupNorm norm_out { get; }
    public Conv2d conv_out { get; }

    public override Tensor Forward(Tensor z)
    {
        using var scope = LibTorch.NewDisposeScope();
        var h = mid.Forward(conv_in.Forward(z));
        for (var i = up.Count - 1; i >= 0; i--) h = up[i].Forward(h);
        return conv_out.Forward(VqganLayers.Swish(norm_out.Forward(h))).MoveToOuterScope();
    }
}
