using static TorchSharp.torch;
using Conv2d = TorchSharp.Modules.Conv2d;
using Stage = TorchSharp.Modules.ModuleList<TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>>;

namespace Pytti.Models.Flow;

/// <summary>
/// RAFT's feature / context encoder (upstream <c>BasicEncoder</c>, or <c>SmallEncoder</c> for RAFT-small):
/// a 7x7 stride-2 stem, three stages of two blocks (strides 1, 2, 2) and a 1x1 output projection,
/// so the output is at 1/8 of the input resolution. The stages are module lists, not <c>nn.Sequential</c>s: TorchSharp's
/// Sequential lists each parameter once, so RAFT-large's norms shared as <c>norm3</c> and <c>downsample.1</c> would
/// lose their second set of keys.
/// </summary>
internal sealed class RaftEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly Stage layer1;
    private readonly Stage layer2;
    private readonly Stage layer3;
    private readonly Conv2d conv2;

    public RaftEncoder(bool small, long outputDim, RaftNorm norm) : base(nameof(RaftEncoder))
    {
        // stem width, then the three stages' widths
        long[] widths = small ? [32, 32, 64, 96] : [64, 64, 96, 128];
        conv1 = nn.Conv2d(3, widths[0], 7, stride: 2, padding: 3);
        norm1 = RaftNorms.Create(norm, widths[0]);
        layer1 = Blocks(small, widths[0], widths[1], norm, 1);
        layer2 = Blocks(small, widths[1], widths[2], norm, 2);
        layer3 = Blocks(small, widths[2], widths[3], norm, 2);
        conv2 = nn.Conv2d(widths[3], outputDim, 1);
        RegisterComponents();
    }

    /// <summary>Two blocks, the first with <paramref name="stride"/>; keys <c>0.*</c> and <c>1.*</c>.</summary>
    private static Stage Blocks(bool small, long inPlanes, long planes, RaftNorm norm, long stride) => small
        ? new Stage(new BottleneckBlock(inPlanes, planes, norm, stride), new BottleneckBlock(planes, planes, norm, 1))
        : new Stage(new ResidualBlock(inPlanes, planes, norm, stride), new ResidualBlock(planes, planes, norm, 1));

    private static Tensor Run(Stage stage, Tensor x)
    {
        foreach (var block in stage) x = block.call(x);
        return x;
    }

    /// <summary>[N, 3, H, W] → [N, outputDim, H/8, W/8].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = nn.functional.relu(norm1.call(conv1.call(x)));
        x = Run(layer3, Run(layer2, Run(layer1, x)));
        return conv2.call(x).MoveToOuterDisposeScope();
    }
}
