using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT's feature / context encoder (upstream <c>BasicEncoder</c>, or <c>SmallEncoder</c> for RAFT-small):
/// a 7x7 stride-2 stem, three stages of two blocks (strides 1, 2, 2) and a 1x1 output projection,
/// so the output is at 1/8 of the input resolution.
/// </summary>
internal sealed class RaftEncoder : Module
{
    public RaftEncoder(bool small, long outputDim, RaftNorm norm)
    {
        // stem width, then the three stages' widths
        long[] widths = small ? [32, 32, 64, 96] : [64, 64, 96, 128];
        conv1 = RegisterModule("conv1", new Conv2d(3, widths[0], 7, stride: 2, padding: 3));
        norm1 = RegisterModule("norm1", RaftNorms.Create(norm, widths[0]));
        layer1 = RegisterModule("layer1", Stage(small, widths[0], widths[1], norm, 1));
        layer2 = RegisterModule("layer2", Stage(small, widths[1], widths[2], norm, 2));
        layer3 = RegisterModule("layer3", Stage(small, widths[2], widths[3], norm, 2));
        conv2 = RegisterModule("conv2", new Conv2d(widths[3], outputDim, 1));
    }

    public Conv2d conv1 { get; }
    public Module norm1 { get; }
    public Sequential layer1 { get; }
    public Sequential layer2 { get; }
    public Sequential layer3 { get; }
    public Conv2d conv2 { get; }

    private static Sequential Stage(bool small, long inPlanes, long planes, RaftNorm norm, long stride) => small
        ? new Sequential(new BottleneckBlock(inPlanes, planes, norm, stride), new BottleneckBlock(planes, planes, norm, 1))
        : new Sequential(new ResidualBlock(inPlanes, planes, norm, stride), new ResidualBlock(planes, planes, norm, 1));

    /// <summary>[N, 3, H, W] → [N, outputDim, H/8, W/8].</summary>
    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        x = Functional.Relu(norm1.Forward(conv1.Forward(x)));
        x = layer3.Forward(layer2.Forward(layer1.Forward(x)));
        return conv2.Forward(x).MoveToOuterScope();
    }
}
