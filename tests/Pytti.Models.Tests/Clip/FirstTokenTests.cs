using Pytti.Models.Clip;
using TorchSharp;

namespace Pytti.Models.Tests.Clip;

/// <summary>
/// The image tower reads only the class token of its last block, so that block computes position 0 alone. Its values
/// must be those of the whole block's first row, forward and in the gradient to the input (fp32 rounding: 1e-5).
/// </summary>
[Collection(LibTorchCollection.Name)]
public class FirstTokenTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // causal, as the text tower: position 0 sees itself only
    public void The_last_block_s_first_token_equals_the_full_block_s_first_row(bool causal)
    {
        torch.manual_seed(3);
        const int l = 7, n = 3, width = 32, heads = 4, layers = 2;
        using var transformer = new ClipTransformer(width, layers, heads, ClipActivation.QuickGelu, causal);
        foreach (var p in transformer.parameters()) p.requires_grad = false;
        using var scope = torch.NewDisposeScope();
        using var generator = new torch.Generator(4);
        var x = torch.randn([l, n, width], generator: generator).requires_grad_();
        var g = torch.randn([1, n, width], generator: generator);

        var full = transformer.call(x).narrow(0, 0, 1);
        var fullGrad = torch.autograd.grad([(full * g).sum()], [x])[0];
        var first = transformer.Forward(x, firstTokenOnly: true);
        var firstGrad = torch.autograd.grad([(first * g).sum()], [x])[0];

        Assert.Equal([1L, n, width], first.shape);
        AssertClose(full, first);
        AssertClose(fullGrad, firstGrad);
    }

    [Fact]
    public void The_causal_mask_lets_each_position_see_itself_and_earlier_ones()
    {
        using var mask = ClipTransformer.CausalMask(3, torch.ScalarType.Float32, torch.CPU);
        float ninf = float.NegativeInfinity;
        Assert.Equal([0f, ninf, ninf, 0f, 0f, ninf, 0f, 0f, 0f], mask.data<float>().ToArray());
    }

    private static void AssertClose(torch.Tensor expected, torch.Tensor actual)
    {
        var e = expected.detach().contiguous().data<float>().ToArray();
        var a = actual.detach().contiguous().data<float>().ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5 + 1e-5 * Math.Abs(e[i]), $"[{i}]: expected {e[i]:R}, got {a[i]:R}");
    }
}
