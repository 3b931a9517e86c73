using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>
/// TorchSharp's instance normalisation and <c>unfold</c> compute what RAFT relies on (PyTorch's semantics): the feature
/// encoder's <c>nn.InstanceNorm2d</c> and the convex upsampling's 3×3 neighbourhoods (src/Pytti.Models/Flow).
/// </summary>
public class VisionFunctionTests
{
    [Fact]
    public void Instance_norm_normalises_each_plane_by_its_own_statistics()
    {
        using var norm = torch.nn.InstanceNorm2d(2);   // as RaftNorm builds it: eps 1e-5, no affine, no running statistics
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        // two planes: [1, 2, 3, 4] (mean 2.5, biased variance 1.25) and [5, 7, 5, 7] (mean 6, variance 1)
        var x = torch.tensor(new[] { 1f, 2f, 3f, 4f, 5f, 7f, 5f, 7f }).reshape(1, 2, 2, 2);
        var y = norm.forward(x).data<float>().ToArray();
        var s = (float)Math.Sqrt(1.25 + 1e-5);
        var t = (float)Math.Sqrt(1 + 1e-5);
        TensorAssert.Close([-1.5f / s, -0.5f / s, 0.5f / s, 1.5f / s, -1 / t, 1 / t, -1 / t, 1 / t], y, 1e-5);
    }

    [Fact]
    public void Unfold_gathers_padded_3x3_neighbourhoods_channel_major()
    {
        using var guard = new LeakGuard();
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1f, 2f, 3f, 4f }).reshape(1, 1, 2, 2);
        var cols = torch.nn.functional.unfold(x, (3, 3), (1, 1), (1, 1), (1, 1));   // FlowUpsampling's arguments
        Assert.Equal([1L, 9, 4], cols.shape);
        // neighbourhood of the top-left pixel (column 0): zeros above and left, then 1 2 / 3 4
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 2f, 0f, 3f, 4f], cols.select(2, 0).data<float>().ToArray());
    }
}
