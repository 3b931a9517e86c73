using TorchSharp;

namespace Pytti.Torch.Tests;

/// <summary>Element-wise comparisons with an explicit tolerance, reporting the worst element.</summary>
internal static class TensorAssert
{
    public static void Close(double[] expected, double[] actual, double atol, double rtol = 0, string what = "value")
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var excess = Math.Abs(expected[i] - actual[i]) - (atol + rtol * Math.Abs(expected[i]));
            if (excess > worstExcess || double.IsNaN(actual[i]))
            {
                worstExcess = double.IsNaN(actual[i]) ? double.PositiveInfinity : excess;
                worst = i;
            }
        }
        if (worst >= 0)
            Assert.Fail($"{what}[{worst}]: expected {expected[worst]:R}, got {actual[worst]:R} (atol {atol}, rtol {rtol})");
    }

    public static void Close(float[] expected, float[] actual, double atol, double rtol = 0, string what = "value") =>
        Close(expected.Select(x => (double)x).ToArray(), actual.Select(x => (double)x).ToArray(), atol, rtol, what);

    public static void Close(torch.Tensor expected, torch.Tensor actual, double atol, double rtol = 0, string what = "value")
    {
        Assert.Equal(expected.shape, actual.shape);
        Close(Values(expected), Values(actual), atol, rtol, what);
    }

    /// <summary>The elements in row-major order as float64 (a detached copy).</summary>
    public static double[] Values(torch.Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        return t.detach().to(torch.float64).contiguous().data<double>().ToArray();
    }

    /// <summary>The elements of a float32 tensor in row-major order.</summary>
    public static float[] Floats(torch.Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        return t.detach().contiguous().data<float>().ToArray();
    }

    /// <summary>The elements in row-major order as little-endian bytes, in the tensor's own dtype.</summary>
    public static byte[] Bytes(torch.Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        return t.detach().contiguous().bytes.ToArray();
    }
}
