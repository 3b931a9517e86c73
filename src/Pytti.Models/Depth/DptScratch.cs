using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pytti.Models.Depth;

/// <summary>
/// The DPT head's <c>scratch</c> module: per-level 3x3 convolutions to <c>features</c> channels, the four
/// fusion blocks, and the output convolutions (<c>output_conv2</c> = conv 3x3 to 32, ReLU, conv 1x1 to 1, ReLU).
/// </summary>
internal sealed class DptScratch : nn.Module
{
    private readonly Conv2d layer1_rn;
    private readonly Conv2d layer2_rn;
    private readonly Conv2d layer3_rn;
    private readonly Conv2d layer4_rn;
    private readonly FeatureFusionBlock refinenet1;
    private readonly FeatureFusionBlock refinenet2;
    private readonly FeatureFusionBlock refinenet3;
    private readonly FeatureFusionBlock refinenet4;
    private readonly Conv2d output_conv1;
    private readonly Sequential output_conv2;

    public DptScratch(DepthConfig config) : base(nameof(DptScratch))
    {
        var (features, outs) = (config.Features, config.OutChannels);
        layer1_rn = nn.Conv2d(outs[0], features, 3, padding: 1, bias: false);
        layer2_rn = nn.Conv2d(outs[1], features, 3, padding: 1, bias: false);
        layer3_rn = nn.Conv2d(outs[2], features, 3, padding: 1, bias: false);
        layer4_rn = nn.Conv2d(outs[3], features, 3, padding: 1, bias: false);
        refinenet1 = new FeatureFusionBlock(features, config.UseBatchNorm);
        refinenet2 = new FeatureFusionBlock(features, config.UseBatchNorm);
        refinenet3 = new FeatureFusionBlock(features, config.UseBatchNorm);
        refinenet4 = new FeatureFusionBlock(features, config.UseBatchNorm);
        output_conv1 = nn.Conv2d(features, features / 2, 3, padding: 1);
        output_conv2 = nn.Sequential(nn.Conv2d(features / 2, 32, 3, padding: 1), nn.ReLU(), nn.Conv2d(32, 1, 1), nn.ReLU());
        RegisterComponents();
    }

    /// <summary>Four resized levels (finest first) → [N, 1, <paramref name="height"/>, <paramref name="width"/>].</summary>
    public Tensor Forward(Tensor[] levels, long height, long width)
    {
        using var scope = NewDisposeScope();
        var l1 = layer1_rn.forward(levels[0]);
        var l2 = layer2_rn.forward(levels[1]);
        var l3 = layer3_rn.forward(levels[2]);
        var l4 = layer4_rn.forward(levels[3]);
        var path = refinenet4.Fuse(l4, null, Spatial(l3));
        path = refinenet3.Fuse(path, l3, Spatial(l2));
        path = refinenet2.Fuse(path, l2, Spatial(l1));
        path = refinenet1.Fuse(path, l1, null);
        var output = output_conv1.forward(path);
        output = nn.functional.interpolate(output, size: [height, width], mode: InterpolationMode.Bilinear, align_corners: true,
            recompute_scale_factor: false);
        return output_conv2.forward(output).MoveToOuterDisposeScope();
    }

    private static long[] Spatial(Tensor x) => [x.shape[2], x.shape[3]];
}
