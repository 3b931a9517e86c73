using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Depth;

/// <summary>
/// The DPT head's <c>scratch</c> module: per-level 3x3 convolutions to <c>features</c> channels, the four
/// fusion blocks, and the output convolutions (<c>output_conv2</c> = conv 3x3 to 32, ReLU, conv 1x1 to 1, ReLU).
/// </summary>
internal sealed class DptScratch : Module
{
    public DptScratch(DepthConfig config)
    {
        var (features, outs) = (config.Features, config.OutChannels);
        layer1_rn = RegisterModule("layer1_rn", new Conv2d(outs[0], features, 3, padding: 1, hasBias: false));
        layer2_rn = RegisterModule("layer2_rn", new Conv2d(outs[1], features, 3, padding: 1, hasBias: false));
        layer3_rn = RegisterModule("layer3_rn", new Conv2d(outs[2], features, 3, padding: 1, hasBias: false));
        layer4_rn = RegisterModule("layer4_rn", new Conv2d(outs[3], features, 3, padding: 1, hasBias: false));
        refinenet1 = RegisterModule("refinenet1", new FeatureFusionBlock(features, config.UseBatchNorm));
        refinenet2 = RegisterModule("refinenet2", new FeatureFusionBlock(features, config.UseBatchNorm));
        refinenet3 = RegisterModule("refinenet3", new FeatureFusionBlock(features, config.UseBatchNorm));
        refinenet4 = RegisterModule("refinenet4", new FeatureFusionBlock(features, config.UseBatchNorm));
        output_conv1 = RegisterModule("output_conv1", new Conv2d(features, features / 2, 3, padding: 1));
        output_conv2 = RegisterModule("output_conv2", new Sequential(
            new Conv2d(features / 2, 32, 3, padding: 1),
            new Lambda(Functional.Relu),
            new Conv2d(32, 1, 1),
            new Lambda(Functional.Relu)));
    }

    public Conv2d layer1_rn { get; }
    public Conv2d layer2_rn { get; }
    public Conv2d layer3_rn { get; }
    public Conv2d layer4_rn { get; }
    public FeatureFusionBlock refinenet1 { get; }
    public FeatureFusionBlock refinenet2 { get; }
    public FeatureFusionBlock refinenet3 { get; }
    public FeatureFusionBlock refinenet4 { get; }
    public Conv2d output_conv1 { get; }
    public Sequential output_conv2 { get; }

    /// <summary>Four resized levels (finest first) → [N, 1, <paramref name="height"/>, <paramref name="width"/>].</summary>
    public Tensor Forward(Tensor[] levels, long height, long width)
    {
        using var scope = LibTorch.NewDisposeScope();
        var l1 = layer1_rn.Forward(levels[0]);
        var l2 = layer2_rn.Forward(levels[1]);
        var l3 = layer3_rn.Forward(levels[2]);
        var l4 = layer4_rn.Forward(levels[3]);
        var path = refinenet4.Fuse(l4, null, Spatial(l3));
        path = refinenet3.Fuse(path, l3, Spatial(l2));
        path = refinenet2.Fuse(path, l2, Spatial(l1));
        path = refinenet1.Fuse(path, l1, null);
        var output = output_conv1.Forward(path);
        output = Functional.Interpolate(output, size: [height, width], mode: InterpolateMode.Bilinear, alignCorners: true);
        return output_conv2.Forward(output).MoveToOuterScope();
    }

    private static long[] Spatial(Tensor x) => [x.Size(2), x.Size(3)];
}
