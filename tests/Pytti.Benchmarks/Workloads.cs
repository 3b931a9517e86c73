using Pytti.Torch;
using Pytti.Torch.NN;

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
    public sealed class ClipBlock : Module
    {
        public ClipBlock(int width, int heads)
        {
            RegisterModule("ln_1", new LayerNorm(width));
            RegisterModule("attn", new PackedSelfAttention(width, heads));
            RegisterModule("ln_2", new LayerNorm(width));
            RegisterModule("mlp", new Sequential(new Linear(width, width * 4), new Lambda(QuickGelu), new Linear(width * 4, width)));
        }

        private Module Child(string name) => NamedChildren().First(c => c.Name == name).Module;

        private static Tensor QuickGelu(Tensor x)
        {
            using var scaled = x * 1.702;
            using var gate = scaled.Sigmoid();
            return x * gate;
        }

        public override Tensor Forward(Tensor x)
        {
            using var scope = LibTorch.NewDisposeScope();
            var h = Child("ln_1").Forward(x);
            var y = x + Child("attn").Forward(h);
            var z = y + Child("mlp").Forward(Child("ln_2").Forward(y));
            return z.MoveToOuterScope();
        }
    }
}
