using TS = TorchSharp;

namespace Pytti.Torch;

/// <summary>TorchSharp tensors from raw memory: what weight readers and image decoders need and TorchSharp has no one call for.</summary>
public static class TorchTensors
{
    /// <summary>
    /// A new tensor of <paramref name="dtype"/> and <paramref name="shape"/> holding <paramref name="bytes"/> (little-endian,
    /// contiguous), on <paramref name="device"/>. The bytes are copied into a CPU tensor first, then moved.
    /// </summary>
    public static TS.torch.Tensor FromBytes(ReadOnlySpan<byte> bytes, DType dtype, long[] shape, Device device)
    {
        var cpu = TS.torch.empty(shape, dtype.ToTorch());
        if (bytes.Length > 0) bytes.CopyTo(cpu.bytes);
        if (!device.IsCuda) return cpu;
        using (cpu) return cpu.to(device.ToTorch());
    }
}
