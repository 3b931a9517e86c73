using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>
/// taming's VQGAN decoder, the encoder mirrored: <c>conv_in</c> from <c>z_channels</c>, <c>mid</c>, then the
/// levels from the coarsest (<c>up.{n-1}</c>) to the finest (<c>up.0</c>), each with <c>num_res_blocks + 1</c>
/// blocks and all but <c>up.0</c> doubling the resolution; norm → swish → <c>conv_out</c>. No output
/// activation. [B,z,h,w] -> [B,out_ch,h·f,w·f].
/// </summary>
public sealed class Decoder : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv_in;
    private readonly MidBlock mid;
    private readonly ModuleList<ResolutionLevel> up;
    private readonly GroupNorm norm_out;
    private readonly Conv2d conv_out;

    public Decoder(VqganDdConfig config) : base(nameof(Decoder))
    {
        var levelCount = config.NumResolutions;
        long channels = config.Ch * config.ChMult[levelCount - 1];
        var resolution = config.Resolution / config.DownsampleFactor;
        conv_in = nn.Conv2d(config.ZChannels, channels, 3, padding: 1);
        mid = new MidBlock(channels, config.Dropout);
        var levels = new ResolutionLevel[levelCount];
        for (var i = levelCount - 1; i >= 0; i--)
        {
            long width = config.Ch * config.ChMult[i];
            var resample = i == 0 ? null : new Upsample(width, config.ResampWithConv);
            levels[i] = new ResolutionLevel(channels, width, config.NumResBlocks + 1,
                config.AttnResolutions.Contains(resolution), config.Dropout, resample);
            channels = width;
            if (i != 0) resolution *= 2;
        }
        up = nn.ModuleList(levels);
        norm_out = VqganLayers.Normalize(channels);
        conv_out = nn.Conv2d(channels, config.OutCh, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor z)
    {
        using var scope = NewDisposeScope();
        var h = mid.forward(conv_in.forward(z));
        for (var i = up.Count - 1; i >= 0; i--) h = up[i].forward(h);
        return conv_out.forward(VqganLayers.Swish(norm_out.forward(h))).MoveToOuterDisposeScope();
    }
}
