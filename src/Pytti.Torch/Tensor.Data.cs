using System.Runtime.InteropServices;
using TS = TorchSharp;

namespace Pytti.Torch;

// Data out: copies to managed memory (from any device, any layout).
public sealed partial class Tensor
{
    /// <summary>Copies the elements (row-major) into a new array; <typeparamref name="T"/> must match <see cref="DType"/>'s size.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var size = DType.ElementSize();
        if (System.Runtime.CompilerServices.Unsafe.SizeOf<T>() != size)
            throw new InvalidOperationException($"Cannot read a {DType.TorchName()} tensor as {typeof(T).Name}; convert it with To(...) first.");
        var result = new T[NumElements];
        CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>The raw little-endian bytes of the elements in row-major order.</summary>
    public byte[] ToBytes()
    {
        var result = new byte[NumElements * DType.ElementSize()];
        CopyTo(result);
        return result;
    }

    // A dense CPU copy when the tensor is not one already; its bytes are then read directly.
    private void CopyTo(Span<byte> destination)
    {
        var t = Torch;
        var dense = t.device_type == TS.DeviceType.CPU && t.is_contiguous() ? null : t.detach().cpu().contiguous();
        try
        {
            var source = (dense ?? t).bytes;
            if (source.Length != destination.Length)
                throw new ArgumentException($"{destination.Length} bytes asked of a tensor of {source.Length}.");
            source.CopyTo(destination);
        }
        finally
        {
            dense?.Dispose();
        }
    }

    /// <summary>The value of a one-element tensor.</summary>
    public double Item()
    {
        if (NumElements != 1) throw new TorchException($"a Tensor with {NumElements} elements cannot be converted to Scalar");
        using var d = Torch.detach().to_type(TS.torch.ScalarType.Float64);
        return d.item<double>();
    }

    /// <summary>float32 copy of the elements.</summary>
    public float[] ToFloatArray()
    {
        if (DType == DType.Float32) return ToArray<float>();
        using var f = To(DType.Float32);
        return f.ToArray<float>();
    }
}
