using Pytti.Models.Clip;
using Pytti.Torch;

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
    [InlineData(true)]   // a causal [L, L] mask as the text tower's: position 0 sees itself only
    public void The_last_block_s_first_token_equals_the_full_block_s_first_row(bool masked)
    {
        using var scope = LibTorch.NewDisposeScope();
        LibTorch.ManualSeed(3);
        const int l = 7, n = 3, width = 32, heads = 4, layers = 2;
        var mask = masked ? CausalMask(l) : null;
        using var transformer = new ClipTransformer(width, layers, heads, ClipActivation.QuickGelu, mask);
        foreach (var p in transformer.Parameters()) p.RequiresGrad = false;
        using var generator = new Generator(4);
        var x = Tensor.RandN([l, n, width], generator).RequiresGrad_();
        var g = Tensor.RandN([1, n, width], generator);

        var full = transformer.Forward(x).Narrow(0, 0, 1);
        full.Backward(g);
        var fullGrad = x.Grad!.Clone();
        x.ClearGrad();
        var first = transformer.Forward(x, firstTokenOnly: true);
        first.Backward(g);

        Assert.Equal([1L, n, width], first.Shape);
        AssertClose(full.Detach(), first.Detach());
        AssertClose(fullGrad, x.Grad!);
    }

    private static Tensor CausalMask(int l)
    {
        var values = new float[l * l];
        for (var i = 0; i < l; i++)
            for (var j = i + 1; j < l; j++) values[i * l + j] = float.NegativeInfinity;
        return Tensor.From(values, l, l);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        var e = expected.ToFloatArray();
        var a = actual.ToFloatArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5 + 1e-5 * Math.Abs(e[i]), $"[{i}]: expected {e[i]:R}, got {a[i]:R}");
    }
}
