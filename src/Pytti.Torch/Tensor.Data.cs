using System.Runtime.InteropServices;
using Pytti.Torch.Native;

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

    private unsafe void CopyTo(Span<byte> destination)
    {
        fixed (byte* p = destination)
            Checked.Check(NativeMethods.pt_tensor_copy_to(Ptr, p, destination.Length));
    }

    /// <summary>The value of a one-element tensor.</summary>
    public double Item()
    {
        Checked.Check(NativeMethods.pt_tensor_item(Ptr, out var value));
        return value;
    }

    /// <summary>float32 copy of the elements.</summary>
    public float[] ToFloatArray()
    {
        if (DType == DType.Float32) return ToArray<float>();
        using var f = To(DType.Float32);
        return f.ToArray<float>();
    }

    /// <summary>A second handle to the same tensor (same storage, same autograd identity), owned separately.</summary>
    public Tensor Share()
    {
        Checked.Check(NativeMethods.pt_tensor_share(Ptr, out var ptr));
        return new Tensor(ptr);
    }
}
