using static TorchSharp.torch;
using Conv2d = TorchSharp.Modules.Conv2d;
using Sequential = TorchSharp.Modules.Sequential;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT-small's encoder block: 1x1 down to planes/4, strided 3x3, 1x1 up to planes, each with a norm
/// and ReLU; a strided 1x1 projection of the input when the block downsamples; <c>relu(x + y)</c>.
/// The projection's norm is <c>norm4</c> and <c>downsample.1</c> (the same module, keys under both names).
/// </summary>
internal sealed class BottleneckBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Conv2d conv3;
    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly nn.Module<Tensor, Tensor> norm3;
    private readonly nn.Module<Tensor, Tensor>? norm4;
    private readonly Sequential? downsample;

    public BottleneckBlock(long inPlanes, long planes, RaftNorm norm, long stride) : base(nameof(BottleneckBlock))
    {
        var inner = planes / 4;
        conv1 = nn.Conv2d(inPlanes, inner, 1);
        conv2 = nn.Conv2d(inner, inner, 3, stride: stride, padding: 1);
        conv3 = nn.Conv2d(inner, planes, 1);
        norm1 = RaftNorms.Create(norm, inner);
        norm2 = RaftNorms.Create(norm, inner);
        norm3 = RaftNorms.Create(norm, planes);
        (downsample, norm4) = Shortcut.Create(inPlanes, planes, norm, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(norm1.call(conv1.call(x)));
        y = nn.functional.relu(norm2.call(conv2.call(y)));
        y = nn.functional.relu(norm3.call(conv3.call(y)));
        return Shortcut.Join(downsample, x, y).MoveToOuterDisposeScope();
    }
}
