using Pytti.Torch.Ops;
using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>
/// The TorchSharp-typed attention, baddbmm and swish (Pytti.Torch/Ops) that CLIP's modules call directly, checked on
/// TorchSharp tensors against formulas written out in float64, with TorchSharp's tensors counted.
/// </summary>
public class AttentionOpsTests
{
    private static double[] Values(torch.Tensor t) => t.detach().to(torch.float64).contiguous().data<double>().ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Self_attention_is_softmax_of_scaled_scores_plus_mask_times_values_per_head(bool causal)
    {
        const int l = 5, n = 2, e = 12, heads = 3, d = e / heads;
        using var generator = new torch.Generator(31);
        using var qkv = torch.randn([l, n, 3 * e], generator: generator);
        using var mask = causal ? torch.full(l, l, float.NegativeInfinity).triu(1) : null;
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();

        var actual = Attention.SelfAttention(qkv, heads, mask);

        var x = qkv.to(torch.float64);
        var expected = torch.zeros(l, n, e, torch.float64);
        for (var b = 0; b < n; b++)
            for (var h = 0; h < heads; h++)
            {
                torch.Tensor Part(int which) => x.select(1, b).narrow(1, which * e + h * d, d);   // [L, d]
                var scores = torch.matmul(Part(0), Part(1).t()) / Math.Sqrt(d);
                if (mask is not null) scores = scores + mask.to(torch.float64);
                expected.select(1, b).narrow(1, h * d, d).copy_(torch.matmul(scores.softmax(-1), Part(2)));
            }
        Assert.Equal([(long)l, n, e], actual.shape);
        TensorAssert.Close(Values(expected), Values(actual), atol: 1e-5, what: "attention");
    }

    [Fact]
    public void Baddbmm_scales_the_input_and_the_product()
    {
        using var generator = new torch.Generator(32);
        using var input = torch.randn([2, 3, 4], generator: generator);
        using var a = torch.randn([2, 3, 5], generator: generator);
        using var b = torch.randn([2, 5, 4], generator: generator);
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var expected = input.to(torch.float64) * 0.5 + torch.bmm(a.to(torch.float64), b.to(torch.float64)) * 2;
        TensorAssert.Close(Values(expected), Values(BatchedProducts.BaddBmm(input, a, b, beta: 0.5, alpha: 2)), atol: 1e-5);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.702)]
    public void Swish_is_x_times_sigmoid_of_alpha_x(double alpha)
    {
        using var x = torch.linspace(-8, 8, 101);
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x64 = x.to(torch.float64);
        TensorAssert.Close(Values(x64 * (x64 * alpha).sigmoid()), Values(Swish.Apply(x, alpha)), atol: 1e-6);
    }
}
