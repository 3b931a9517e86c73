using TorchSharp;

namespace Pytti.Engine.Animation;

/// <summary>A tensor's values as floats, row-major, from any device, dtype and layout.</summary>
internal static class FloatArray
{
    public static float[] Of(torch.Tensor tensor)
    {
        using var dense = tensor.detach().cpu().to_type(torch.float32).contiguous();
        return dense.data<float>().ToArray();
    }
}
