using TorchSharp;

namespace Pytti.Torch.Ops;

/// <summary>Linear interpolation with a scalar weight, which TorchSharp 0.107's <c>lerp(Tensor, Scalar)</c> cannot do (it throws).</summary>
public static class Interpolation
{
    /// <summary><c>start + weight·(end − start)</c>, ATen's lerp (its tensor-weight overload computes the scalar formula).</summary>
    public static torch.Tensor Lerp(this torch.Tensor start, torch.Tensor end, double weight)
    {
        using var w = torch.full([], weight, start.dtype, start.device);
        return start.lerp(end, w);
    }

    /// <summary>In place: <paramref name="start"/> becomes <c>start + weight·(end − start)</c>; returns it.</summary>
    public static torch.Tensor Lerp_(this torch.Tensor start, torch.Tensor end, double weight)
    {
        using var w = torch.full([], weight, start.dtype, start.device);
        return start.lerp_(end, w);
    }
}
