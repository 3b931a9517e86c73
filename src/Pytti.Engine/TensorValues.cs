using TorchSharp;

namespace Pytti.Engine;

/// <summary>Tensor values read back into .NET, from any device, dtype and layout.</summary>
internal static class TensorValues
{
    /// <summary>The values as floats, row-major.</summary>
    public static float[] Floats(torch.Tensor tensor)
    {
        using var dense = tensor.detach().cpu().to_type(torch.float32).contiguous();
        return dense.data<float>().ToArray();
    }

    /// <summary>A one-element tensor's value, widened to float64 before it is read (as the loss log has always read it).</summary>
    public static double Float64(torch.Tensor t)
    {
        using var detached = t.detach();
        using var wide = detached.to_type(torch.ScalarType.Float64);
        return wide.item<double>();
    }
}
