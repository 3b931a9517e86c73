using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Pytti.Models.Tests;

/// <summary>Comparisons of TorchSharp tensors against golden tensors, reporting the largest difference.</summary>
internal static class TorchGolden
{
    /// <summary>The values as float32 on the CPU, row-major (views and non-contiguous tensors included).</summary>
    public static float[] Floats(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }

    /// <summary>The values as int64 on the CPU, row-major.</summary>
    public static long[] Longs(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().to_type(ScalarType.Int64).cpu().contiguous().data<long>().ToArray();
    }

    /// <summary>Asserts equal shapes and max |expected − actual| ≤ <paramref name="atol"/> (NaN fails); returns that maximum.</summary>
    public static double Close(Tensor expected, Tensor actual, double atol, string what, ITestOutputHelper? output = null)
    {
        Assert.Equal(expected.shape, actual.shape);
        var (e, a) = (Floats(expected), Floats(actual));
        var (worst, at) = (0.0, 0);
        for (var i = 0; i < e.Length; i++)
        {
            var d = Math.Abs((double)e[i] - a[i]);
            if (!(d <= worst)) (worst, at) = (d, i);
        }
        output?.WriteLine($"{what}: max abs diff {worst:G3}");
        Assert.True(worst <= atol, $"{what}[{at}]: expected {e[at]:R}, got {a[at]:R} (max abs diff {worst:G3} > {atol})");
        return worst;
    }
}
