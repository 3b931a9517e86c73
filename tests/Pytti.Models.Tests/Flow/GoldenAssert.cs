using Pytti.Torch;
using Xunit.Abstractions;

namespace Pytti.Models.Tests.Flow;

/// <summary>Element-wise comparison against golden tensors that reports the largest difference.</summary>
internal static class GoldenAssert
{
    /// <summary>Asserts equal shapes and max |expected - actual| ≤ <paramref name="atol"/>; returns that maximum.</summary>
    public static double Close(Tensor expected, Tensor actual, double atol, string what, ITestOutputHelper? output = null)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToFloatArray();
        var a = actual.ToFloatArray();
        var (worst, at) = (0.0, 0);
        for (var i = 0; i < e.Length; i++)
        {
            var d = Math.Abs((double)e[i] - a[i]);
            if (!(d <= worst)) (worst, at) = (d, i);   // NaN counts as worst
        }
        output?.WriteLine($"{what}: max abs diff {worst:G3}");
        Assert.True(worst <= atol, $"{what}[{at}]: expected {e[at]:R}, got {a[at]:R} (max abs diff {worst:G3} > {atol})");
        return worst;
    }
}
