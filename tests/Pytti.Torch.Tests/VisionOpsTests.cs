using Pytti.Torch;

namespace Pytti.Torch.Tests;

/// <summary>The vision operators compute what PyTorch's do.</summary>
public class VisionOpsTests
{
    [Fact]
    public void Instance_norm_normalises_each_plane_by_its_own_statistics()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        // two planes: [1, 2, 3, 4] (mean 2.5, biased variance 1.25) and [5, 7, 5, 7] (mean 6, variance 1)
        var x = Tensor.From([1f, 2f, 3f, 4f, 5f, 7f, 5f, 7f], 1, 2, 2, 2);
        var y = VisionOps.InstanceNorm(x).ToArray<float>();
        var s = (float)Math.Sqrt(1.25 + 1e-5);
        var t = (float)Math.Sqrt(1 + 1e-5);
        TensorAssert.Close([-1.5f / s, -0.5f / s, 0.5f / s, 1.5f / s, -1 / t, 1 / t, -1 / t, 1 / t], y, 1e-5);
    }

    [Fact]
    public void Unfold_gathers_padded_3x3_neighbourhoods_channel_major()
    {
        using var guard = new LeakGuard();
        using var scope = LibTorch.NewDisposeScope();
        var x = Tensor.From([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        var cols = VisionOps.Unfold(x, [3, 3], padding: [1, 1]);
        Assert.Equal([1L, 9, 4], cols.Shape);
        // neighbourhood of the top-left pixel (column 0): zeros above and left, then 1 2 / 3 4
        var first = cols.Select(2, 0).ToArray<float>();
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 2f, 0f, 3f, 4f], first);
    }
}
