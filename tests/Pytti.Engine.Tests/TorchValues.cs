using TorchSharp;

namespace Pytti.Engine.Tests;

/// <summary>Reading TorchSharp tensors in assertions: their elements as float32 and one-element values as double.</summary>
internal static class TorchValues
{
    /// <summary>float32 copy of the elements, row-major.</summary>
    public static float[] ToFloatArray(this torch.Tensor t)
    {
        using var values = t.detach().cpu().to_type(torch.float32).contiguous();
        return values.data<float>().ToArray();
    }

    /// <summary>The value of a one-element tensor, read as float64.</summary>
    public static double Item(this torch.Tensor t)
    {
        using var value = t.detach().to_type(torch.float64);
        return value.item<double>();
    }

    /// <summary>A float32 tensor of <paramref name="shape"/> holding <paramref name="values"/>.</summary>
    public static torch.Tensor From(float[] values, params long[] shape) => torch.tensor(values, shape);

    /// <summary>TorchSharp tensors alive now, after the finalizer has released abandoned handles.</summary>
    public static long Live()
    {
        Fixtures.Settle();
        return torch.Tensor.TotalCount;
    }
}
