using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>
/// The fused self-attention core (<see cref="Attention.SelfAttention"/>) against the operator sequence it replaces
/// (<see cref="Attention.Attend"/> over <c>qkv.chunk(3, -1)</c>): output and the packed qkv gradient to fp32
/// rounding (1e-5 absolute and relative), bits that do not depend on the run or the thread count, and clear errors.
/// </summary>
public class SelfAttentionTests
{
    [Theory]
    [InlineData(50, 40, 768, 12, false)]   // one CLIP ViT-B/32 step: 40 cutouts of 50 tokens
    [InlineData(77, 3, 512, 8, true)]      // CLIP's text tower, causal mask
    [InlineData(7, 3, 24, 4, false)]       // odd sizes: head_dim 6, fewer tokens than a vector
    [InlineData(7, 3, 24, 4, true)]
    [InlineData(50, 1, 768, 12, false)]    // one batch item
    [InlineData(1, 2, 8, 2, false)]        // one token
    [InlineData(33, 5, 96, 1, true)]       // one head, head_dim 96
    public void Fused_core_matches_chunk_and_attend_forward_and_packed_gradient(int l, int n, int e, int heads, bool causal)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(21);
        var qkv = torch.randn([l, n, 3 * e], generator: generator).requires_grad_();
        var g = torch.randn([l, n, e], generator: generator);
        var mask = causal ? GradientTests.CausalMask(l).to(torch.float32) : null;

        var fused = Attention.SelfAttention(qkv, heads, mask);
        fused.Backward(g);
        var fusedGrad = qkv.grad!.clone();
        qkv.grad = null;

        var c = qkv.chunk(3, -1);
        var reference = Attention.Attend(c[0], c[1], c[2], heads, mask).view(l, n, e);
        reference.Backward(g);

        Assert.Equal(new long[] { l, n, e }, fused.shape);
        Assert.True(fused.is_contiguous());
        TensorAssert.Close(reference, fused, atol: 1e-5, rtol: 1e-5, what: "output");
        TensorAssert.Close(qkv.grad!, fusedGrad, atol: 1e-5, rtol: 1e-5, what: "qkv gradient");
    }

    [Fact]
    public void Same_bits_on_every_run_with_or_without_grad_and_on_any_thread_count()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(22);
        var qkv = torch.randn([50, 6, 3 * 96], generator: generator).requires_grad_();
        var g = torch.randn([50, 6, 96], generator: generator);
        var before = torch.get_num_threads();
        (float[] Output, float[] Grad) Run(int threads)
        {
            torch.set_num_threads(threads);
            using var inner = torch.NewDisposeScope();
            var y = Attention.SelfAttention(qkv, 8);
            y.Backward(g);
            var grad = TensorAssert.Floats(qkv.grad!);
            qkv.grad = null;
            return (TensorAssert.Floats(y), grad);
        }
        try
        {
            var first = Run(2);
            var again = Run(2);
            var single = Run(1);
            var many = Run(5);                                          // more threads than cores, uneven split of 48 pairs
            foreach (var other in new[] { again, single, many })
            {
                Assert.Equal(first.Output, other.Output);
                Assert.Equal(first.Grad, other.Grad);
            }
            using (torch.no_grad())
            {
                var inference = Attention.SelfAttention(qkv, 8);   // no weights kept for a backward
                Assert.Equal(first.Output, TensorAssert.Floats(inference));
            }
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }

    [Fact]
    public void Double_precision_takes_ATen_and_matches_attend()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(23);
        var qkv = torch.randn([5, 2, 3 * 12], generator: generator).to(torch.float64).requires_grad_();
        var mask = GradientTests.CausalMask(5);
        var fused = Attention.SelfAttention(qkv, 3, mask);
        var c = qkv.chunk(3, -1);
        var reference = Attention.Attend(c[0], c[1], c[2], 3, mask).view(5, 2, 12);
        TensorAssert.Close(reference, fused, atol: 1e-12);
        GradCheck.Check(x => Attention.SelfAttention(x[0], 3, mask), qkv.detach());
    }

    [Theory]
    [InlineData(new long[] { 5, 2, 10 }, 2, "not divisible by 3")]
    [InlineData(new long[] { 5, 2, 24 }, 3, "embed_dim 8 is not divisible by num_heads 3")]
    [InlineData(new long[] { 5, 2, 24 }, 0, "num_heads 0")]
    [InlineData(new long[] { 10, 24 }, 2, "[L, N, 3E]")]
    public void Wrong_shapes_throw_a_clear_error_and_the_process_goes_on(long[] shape, long heads, string message)
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var qkv = torch.zeros(shape);
        var e = Assert.Throws<TorchException>(() => Attention.SelfAttention(qkv, heads));
        Assert.Contains(message, e.Message);
        Assert.Equal(new long[] { 5, 2, 8 }, Attention.SelfAttention(torch.zeros(5, 2, 24), 2).shape);   // still works
    }

    [Fact]
    public void A_mask_of_the_wrong_size_is_refused()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var qkv = torch.zeros(5, 2, 24);
        var e = Assert.Throws<TorchException>(() => Attention.SelfAttention(qkv, 2, torch.zeros(5, 4)));
        Assert.Contains("the mask must be [L, L] = [5, 5]", e.Message);
    }

    [Fact]
    public void A_second_order_backward_agrees_with_the_operator_sequence()
    {
        // scaled_dot_product_attention is differentiable twice; its gradient-of-gradient matches PyTorch 1.13's sequence
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(25);
        var qkv = torch.randn([4, 2, 24], generator: generator).requires_grad_();
        var g = torch.randn([4, 2, 8], generator: generator);
        torch.Tensor GradNormSquared(torch.Tensor y)
        {
            var grad = CheckedAutograd.Grad([y], [qkv], [g], createGraph: true)[0]!;
            return (grad * grad).sum();
        }

        var fused = CheckedAutograd.Grad([GradNormSquared(Attention.SelfAttention(qkv, 2))], [qkv])[0]!;
        var parts = qkv.chunk(3, -1);
        var unfused = Attention.Attend(parts[0], parts[1], parts[2], 2).view(4, 2, 8);
        var reference = CheckedAutograd.Grad([GradNormSquared(unfused)], [qkv])[0]!;
        TensorAssert.Close(reference, fused, atol: 1e-4, rtol: 1e-4, what: "second-order gradient");
    }
}
