using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>TorchSharp tensors in the tests: their values as floats, and TorchSharp's live-tensor count for leak checks.</summary>
internal static class TorchValues
{
    /// <summary>The values, row-major, from any device, dtype and layout.</summary>
    public static float[] Floats(this torch.Tensor tensor)
    {
        using var dense = tensor.detach().cpu().to_type(torch.float32).contiguous();
        return dense.data<float>().ToArray();
    }

    /// <summary>
    /// TorchSharp's live tensors after a full collection. The count grows by one for each Parameter created, disposed or
    /// not, so take a baseline after building models and compare steady-state work against it.
    /// </summary>
    public static long LiveCount()
    {
        Fixtures.Settle();
        return torch.Tensor.TotalCount;
    }

    /// <summary>
    /// Asserts that TorchSharp's live tensors after the last step of each frame from <paramref name="fromFrame"/> on are the
    /// same: a frame boundary and its steps keep no more than the frame before did.
    /// </summary>
    public static void AssertFlatPerFrame(RenderRecorder render, int stepsPerFrame, int fromFrame = 1)
    {
        var ends = render.TorchLiveAfterStep.Where((_, i) => i % stepsPerFrame == stepsPerFrame - 1).Skip(fromFrame).ToList();
        Assert.True(ends.Count >= 2, $"only {ends.Count} frames to compare");
        Assert.True(ends.Distinct().Count() == 1, $"TorchSharp tensors after each step: {string.Join(", ", render.TorchLiveAfterStep)}");
    }
}
