using static TorchSharp.torch;
using Conv2d = TorchSharp.Modules.Conv2d;
using Sequential = TorchSharp.Modules.Sequential;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT-large's encoder block: two 3x3 convolutions with norms, and a strided 1x1 projection of the
/// input when the block downsamples; <c>relu(x + y)</c>. Upstream registers the projection's norm
/// both as <c>norm3</c> and as <c>downsample.1</c>, so its keys appear under both names.
/// </summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly nn.Module<Tensor, Tensor>? norm3;
    private readonly Sequential? downsample;

    public ResidualBlock(long inPlanes, long planes, RaftNorm norm, long stride) : base(nameof(ResidualBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1);
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1);
        norm1 = RaftNorms.Create(norm, planes);
        norm2 = RaftNorms.Create(norm, planes);
        (downsample, norm3) = Shortcut.Create(inPlanes, planes, norm, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(norm1.call(conv1.call(x)));
        y = nn.functional.relu(norm2.call(conv2.call(y)));
        return Shortcut.Join(downsample, x, y).MoveToOuterDisposeScope();
    }
}
