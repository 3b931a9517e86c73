using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>Our value types as TorchSharp's, and TorchSharp results as owned <see cref="Tensor"/>s.</summary>
internal static class TorchConvert
{
    // DType's values are c10::ScalarType codes, as are TorchSharp's ScalarType values.
    public static TS.torch.ScalarType ToTorch(this DType dtype) => (TS.torch.ScalarType)(sbyte)dtype;

    public static TS.torch.ScalarType? ToTorch(this DType? dtype) => dtype is { } d ? d.ToTorch() : null;

    public static TS.torch.Device ToTorch(this Device device)
    {
        if (!device.IsCuda) return TS.torch.CPU;
        if (!TS.torch.cuda.is_available())
            throw new TorchException($"{device} is not available: this process runs TorchSharp's CPU runtime, or no CUDA driver or GPU was found.");
        return new TS.torch.Device(TS.DeviceType.CUDA, device.Index < 0 ? 0 : device.Index);
    }

    public static TS.torch.Device ToTorch(this Device? device) => (device ?? Device.Cpu).ToTorch();

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
