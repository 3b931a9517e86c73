using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT-large's encoder block: two 3x3 convolutions with norms, and a strided 1x1 projection of the
/// input when the block downsamples; <c>relu(x + y)</c>. Upstream registers the projection's norm
/// both as <c>norm3</c> and as <c>downsample.1</c>, so its keys appear under both names.
/// </summary>
internal sealed class ResidualBlock : Module
{
    public ResidualBlock(long inPlanes, long planes, RaftNorm norm, long stride)
    {
        conv1 = RegisterModule("conv1", new Conv2d(inPlanes, planes, 3, stride: stride, padding: 1));
        conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, padding: 1));
        norm1 = RegisterModule("norm1", RaftNorms.Create(norm, planes));
        norm2 = RegisterModule("norm2", RaftNorms.Create(norm, planes));
        if (stride != 1)
        {
            var norm3 = RegisterModule("norm3", RaftNorms.Create(norm, planes));
            downsample = RegisterModule("downsample", new Sequential(new Conv2d(inPlanes, planes, 1, stride: stride), norm3));
        }
    }

    public Conv2d conv1 { get; }
    public Conv2d conv2 { get; }
    public Module norm1 { get; }
    public Module norm2 { get; }
    public Sequential? downsample { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var y = Functional.Relu(norm1.Forward(conv1.Forward(x)));
        y = Functional.Relu(norm2.Forward(conv2.Forward(y)));
        var skip = downsample?.Forward(x) ?? x;
        return Functional.Relu(skip + y).MoveToOuterScope();
    }
}
