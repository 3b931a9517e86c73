using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Vqgan;

/// <summary>The bottleneck of both encoder and decoder (<c>mid</c>): resnet block, attention, resnet block.</summary>
public sealed class MidBlock : nn.Module<Tensor, Tensor>
{
    private readonly ResnetBlock block_1;
    private readonly AttnBlock attn_1;
    private readonly ResnetBlock block_2;

    public MidBlock(long channels, double dropout) : base(nameof(MidBlock))
    {
        block_1 = new ResnetBlock(channels, channels, dropout);
        attn_1 = new AttnBlock(channels);
        block_2 = new ResnetBlock(channels, channels, dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return block_2.forward(attn_1.forward(block_1.forward(x))).MoveToOuterDisposeScope();
    }
}
