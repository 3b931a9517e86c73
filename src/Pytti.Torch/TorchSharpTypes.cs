using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>Our dtype and device values as TorchSharp's, for weight loading and code on TorchSharp's types.</summary>
internal static class TorchSharpTypes
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
}
