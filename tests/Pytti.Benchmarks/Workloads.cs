using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Benchmarks;

/// <summary>
/// The measured workloads. <c>build/bench/pytorch_eager.py</c> runs the same ones in PyTorch eager
/// with the same shapes, dtypes and thread count; keep the two in step.
/// </summary>
public static class Workloads
{
    public const int Threads = 2;
    public const int GemmSize = 1024;
    public const int BlockWidth = 768, BlockHeads = 12, BlockTokens = 50, BlockBatch = 8;

    /// <summary>One CLIP ViT-B residual attention block: x + attn(ln_1(x)); x + mlp(ln_2(x)), QuickGELU.</summary>
    public sealed class ClipBlock : nn.Module<Tensor, Tensor>
    {
        // Field names are the state-dict keys, as in CLIP's ResidualAttentionBlock.
        private readonly TorchSharp.Modules.LayerNorm ln_1;
        private readonly PackedSelfAttention attn;
        private readonly TorchSharp.Modules.LayerNorm ln_2;
        private readonly TorchSharp.Modules.Sequential mlp;

        public ClipBlock(int width, int heads) : base(nameof(ClipBlock))
        {
            ln_1 = nn.LayerNorm(width);
            attn = new PackedSelfAttention(width, heads);
            ln_2 = nn.LayerNorm(width);
            mlp = nn.Sequential(nn.Linear(width, width * 4), new QuickGelu(), nn.Linear(width * 4, width));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var y = x + attn.forward(ln_1.forward(x));
            var z = y + mlp.forward(ln_2.forward(y));
            return z.MoveToOuterDisposeScope();
        }
    }

    /// <summary>CLIP's activation <c>x·σ(1.702·x)</c>, written out as PyTorch eager runs it.</summary>
    private sealed class QuickGelu() : nn.Module<Tensor, Tensor>(nameof(QuickGelu))
    {
        public override Tensor forward(Tensor x)
        {
            using var scaled = x * 1.702;
            using var gate = scaled.sigmoid();
            return x * gate;
        }
    }
}
