using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Pytti.Models.Tests.Flow;

/// <summary>Element-wise comparison against golden tensors that reports the largest difference.</summary>
internal static class GoldenAssert
{
    /// <summary>Asserts equal shapes and max |expected - actual| ≤ <paramref name="atol"/>; returns that maximum.</summary>
    public static double Close(Tensor expected, Tensor actual, double atol, string what, ITestOutputHelper? output = null)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.data<float>().ToArray();
        var a = actual.data<float>().ToArray();
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

    /// <summary>Asserts the same shape, dtype and every element equal (bit for bit, for finite values).</summary>
    public static void Identical(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        using var scope = NewDisposeScope();
        Assert.True(expected.eq(actual).all().item<bool>(), $"{what} differs");
    }
}
