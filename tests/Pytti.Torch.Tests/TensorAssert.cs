using Pytti.Torch;

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

    public static void Close(Tensor expected, Tensor actual, double atol, double rtol = 0, string what = "value")
    {
        Assert.Equal(expected.Shape, actual.Shape);
        using var e = expected.To(DType.Float64);
        using var a = actual.To(DType.Float64);
        Close(e.ToArray<double>(), a.ToArray<double>(), atol, rtol, what);
    }

    public static double[] Values(Tensor t)
    {
        using var d = t.To(DType.Float64);
        return d.ToArray<double>();
    }
}
