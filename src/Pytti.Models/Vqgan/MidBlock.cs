using Pytti.Torch;
using Pytti.Torch.NN;

namespace Pytti.Models.Vqgan;

/// <summary>The bottleneck of both encoder and decoder (<c>mid</c>): resnet block, attention, resnet block.</summary>
public sealed class MidBlock : Module
{
    public MidBlock(int channels, double dropout)
    {
        block_1 = RegisterModule("block_1", new ResnetBlock(channels, channels, dropout));
        attn_1 = RegisterModule("attn_1", new AttnBlock(channels));
        block_2 = RegisterModule("block_2", new ResnetBlock(channels, channels, dropout));
    }

    public ResnetBlock block_1 { get; }
    public AttnBlock attn_1 { get; }
    public ResnetBlock block_2 { get; }

    public override Tensor Forward(Tensor x)
    {
        using var scope = LibTorch.NewDisposeScope();
        return block_2.Forward(attn_1.Forward(block_1.Forward(x))).MoveToOuterScope();
    }
}
