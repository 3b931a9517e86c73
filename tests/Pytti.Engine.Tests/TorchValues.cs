using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>TorchSharp tensors in the tests: their values as floats, one-element values as double, and TorchSharp's live-tensor count for leak checks.</summary>
internal static class TorchValues
{
    /// <summary>The values, row-major, from any device, dtype and layout.</summary>
    public static float[] Floats(this torch.Tensor tensor)
    {
        using var dense = tensor.detach().cpu().to_type(torch.float32).contiguous();
        return dense.data<float>().ToArray();
    }

    /// <summary>The value of a one-element tensor, read as float64.</summary>
    public static double Item(this torch.Tensor t)
    {
        using var value = t.detach().to_type(torch.float64);
        return value.item<double>();
    }

    /// <summary>A float32 tensor of <paramref name="shape"/> holding <paramref name="values"/>.</summary>
    public static torch.Tensor From(float[] values, params long[] shape) => torch.tensor(values, shape);

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

/// <summary>
/// Leak checks of whole renders. TorchSharp's live count grows for good by one for every Parameter created (the image
/// model's, a loaded model's), so a render cannot be compared with nothing. Instead each run of the same render must grow
/// the count by the same amount (the Parameters it creates), and within a run the count must stay flat from step to step
/// and frame to frame (<see cref="RenderRecorder.TorchLiveAfterStep"/>). A tensor that every run leaves behind once, still
/// referenced after the run, would escape both checks; unreferenced ones are finalised before each count.
/// </summary>
internal sealed class RunGrowth
{
    private readonly List<long> _growths = [];
    private long _last = TorchValues.LiveCount();

    /// <summary>Runs <paramref name="run"/> and records how much TorchSharp's live count grew.</summary>
    public T Measure<T>(Func<T> run)
    {
        var result = run();
        var now = TorchValues.LiveCount();
        _growths.Add(now - _last);
        _last = now;
        return result;
    }

    /// <summary>Counts from here: what ran since the last measurement (another render, a state disposed) is not measured.</summary>
    public void Rebase() => _last = TorchValues.LiveCount();

    public void AssertAlike()
    {
        Assert.True(_growths.Count >= 2, "measure at least two runs");
        Assert.True(_growths.Distinct().Count() == 1, $"TorchSharp's live count grew by {string.Join(", ", _growths)} on runs of the same render");
    }
}
