using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT-small's encoder block: 1x1 down to planes/4, strided 3x3, 1x1 up to planes, each with a norm
/// and ReLU; a strided 1x1 projection of the input when the block downsamples; <c>relu(x + y)</c>.
/// The projection's norm is <c>norm4</c> and <c>downsample.1</c> (the same module).
/// </summary>
internal sealed class BottleneckBlock : Module
{
    public BottleneckBlock(long inPlanes, long planes, RaftNorm norm, long stride)
    {
        var inner = planes / 4;
        conv1 = RegisterModule("conv1", new Conv2d(inPlanes, inner, 1));
        conv2 = RegisterModule("conv2", new Conv2d(inner, inner, 3, stride: stride, padding: 1));
        conv3 = RegisterModule("conv3", new Conv2d(inner, planes, 1));
        norm1 = RegisterModule("norm1", RaftNorms.Create(norm, inner));
        norm2 = RegisterModule("norm2", RaftNorms.Create(norm, inner));
        norm3 = RegisterModule("norm3", RaftNorms.Create(norm, planes));
        if (stride != 1)
        {
            var norm4 = RegisterModule("norm4", RaftNorms.Create(norm, planes));
            downsample = RegisterModule("downsample", new Sequential(new Conv2d(inPlanes, planes, 1, stride: stride), norm4));
        }
    }

    public Conv2d conv1 { get; }
    public Conv2d conv2 { get; }
    public Conv2d conv3 { get; }
    public Module norm1 { get; }
    public Module norm2 { get; }
    public Module norm3 { get; }
    public Sequential? downsample { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        var y = Functional.Relu(norm1.Forward(conv1.Forward(x)));
        y = Functional.Relu(norm2.Forward(conv2.Forward(y)));
        y = Functional.Relu(norm3.Forward(conv3.Forward(y)));
        var skip = downsample?.Forward(x) ?? x;
        return Functional.Relu(skip + y).MoveToOuterScope();
    }
}
