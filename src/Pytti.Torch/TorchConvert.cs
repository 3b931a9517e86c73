using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>Scalars as TorchSharp's, and TorchSharp results as owned <see cref="Tensor"/>s (the wrapper's plumbing).</summary>
internal static class TorchConvert
{
    /// <summary>TorchSharp scalars hold a native handle: made for one call and disposed after it.</summary>
    public static TS.Scalar ToTorch(this Scalar value) => value.IsInteger ? (TS.Scalar)value.Integer : (TS.Scalar)value.Real;

    public static Tensor Own(this TS.torch.Tensor tensor) => Tensor.Wrap(tensor);

    public static Tensor? OwnOrNull(this TS.torch.Tensor? tensor) => tensor is null ? null : Tensor.Wrap(tensor);

    public static Tensor[] OwnAll(this TS.torch.Tensor[] tensors) => tensors.Select(Tensor.Wrap).ToArray();

    /// <summary>Runs an operator with one scalar argument, disposing the scalar's handle afterwards.</summary>
    public static Tensor With(Scalar a, Func<TS.Scalar, TS.torch.Tensor> op)
    {
        using var x = a.ToTorch();
        return op(x).Own();
    }

    public static Tensor With(Scalar a, Scalar b, Func<TS.Scalar, TS.Scalar, TS.torch.Tensor> op)
    {
        using var x = a.ToTorch();
        using var y = b.ToTorch();
        return op(x, y).Own();
    }
}
