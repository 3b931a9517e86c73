using Pytti.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// CLIP's <c>nn.MultiheadAttention</c> (<see cref="ClipAttention"/>) computes PyTorch's per-head attention, and its fused
/// self-attention path agrees with its separate-query path in output and gradients.
/// </summary>
[Collection(LibTorchCollection.Name)]
public class ClipAttentionTests
{
    [Fact]
    public void Self_attention_equals_a_per_head_reference_computation()
    {
        manual_seed(3);
        using var attention = new ClipAttention(6, 3);
        attention.to(float64);
        var weights = attention.state_dict();
        using (no_grad()) weights["in_proj_bias"].copy_(randn(18, float64));
        var live = TorchLiveTensors.Count();
        using (var scope = NewDisposeScope())
        {
            var x = randn(new long[] { 4, 2, 6 }, float64);      // [L, N, E]
            var mask = CausalMask(4);
            var actual = attention.SelfAttend(x, mask);
            var expected = Reference(x, mask, weights);
            Assert.True((expected - actual).abs().max().item<double>() < 1e-12);
        }
        Assert.Equal(live, TorchLiveTensors.Count());
    }

    /// <summary>Each batch item and head separately: softmax(q kᵀ / √d + mask) v, heads concatenated, then the out-projection.</summary>
    private static Tensor Reference(Tensor x, Tensor mask, IDictionary<string, Tensor> weights)
    {
        var w = weights["in_proj_weight"].chunk(3);
        var b = weights["in_proj_bias"].chunk(3);
        var outputs = new List<Tensor>();
        for (var n = 0; n < 2; n++)
        {
            var xn = x.select(1, n);                                // [L, E]
            var heads = new List<Tensor>();
            for (var h = 0; h < 3; h++)
            {
                Tensor Head(int i) => nn.functional.linear(xn, w[i], b[i]).narrow(1, 2 * h, 2);
                var scores = Head(0).matmul(Head(1).t()) / Math.Sqrt(2) + mask;
                heads.Add(nn.functional.softmax(scores, -1).matmul(Head(2)));
            }
            outputs.Add(nn.functional.linear(cat(heads, 1), weights["out_proj.weight"], weights["out_proj.bias"]));
        }
        return stack(outputs, 1);                                   // [L, N, E]
    }

    [Fact]
    public void Fused_self_attention_matches_the_separate_query_path_with_gradients()
    {
        manual_seed(24);
        using var attention = new ClipAttention(64, 4);
        var inProj = attention.named_parameters().Single(p => p.name == "in_proj_weight").parameter;
        using (no_grad()) attention.state_dict()["in_proj_bias"].copy_(randn(192));
        var live = TorchLiveTensors.Count();
        using (var scope = NewDisposeScope())
        {
            var x = randn(9, 3, 64).requires_grad_();
            var mask = CausalMask(9).to(float32);
            var g = randn(9, 3, 64);

            var fused = attention.SelfAttend(x, mask);                 // one packed in-projection, Attention.SelfAttention
            var (fusedInput, fusedWeight) = Gradients(fused, g, x, inProj);
            var separate = attention.Attend(x, x, mask);              // query and keys/values projected apart, Attention.Attend
            var (separateInput, separateWeight) = Gradients(separate, g, x, inProj);

            AssertClose(separate, fused, "output");
            AssertClose(separateInput, fusedInput, "input gradient");
            AssertClose(separateWeight, fusedWeight, "in_proj_weight gradient");
        }
        Assert.Equal(live, TorchLiveTensors.Count());
    }

    private static (Tensor Input, Tensor Weight) Gradients(Tensor y, Tensor g, Tensor x, Tensor weight)
    {
        var grads = autograd.grad([y], [x, weight], [g]);
        return (grads[0], grads[1]);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var worst = ((expected - actual).abs() - (expected.abs() * 1e-5)).max().item<float>();
        Assert.True(worst <= 1e-5, $"{what}: off by {worst} beyond atol 1e-5, rtol 1e-5");
    }

    private static Tensor CausalMask(long n) => triu(full(n, n, double.NegativeInfinity, float64), 1);
}
