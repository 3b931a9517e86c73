using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Pytti.Torch.Serialization;

/// <summary>Converts little-endian element bytes between dtypes (float16/bfloat16 widening, and the general case via double).</summary>
internal static class ElementConverter
{
    public static byte[] Convert(byte[] source, DType from, DType to)
    {
        if (from == to) return source;
        if (to == DType.Float32 && BitConverter.IsLittleEndian && from is DType.Float16 or DType.BFloat16)
            return from == DType.Float16 ? WidenHalf(source) : WidenBFloat16(source);
        return Map(source, from, to, (s, d) => Write(d, to, Read(s, from)));
    }

    // Fast paths for the common case (fp16/bf16 checkpoints loaded as float32), without per-element delegates.
    private static byte[] WidenHalf(byte[] source)
    {
        var input = MemoryMarshal.Cast<byte, Half>(source);
        var result = new byte[checked(input.Length * 4)];
        var output = MemoryMarshal.Cast<byte, float>(result.AsSpan());
        for (int i = 0; i < input.Length; i++) output[i] = (float)input[i];
        return result;
    }

    private static byte[] WidenBFloat16(byte[] source)
    {
        var input = MemoryMarshal.Cast<byte, ushort>(source);
        var result = new byte[checked(input.Length * 4)];
        var output = MemoryMarshal.Cast<byte, uint>(result.AsSpan());
        for (int i = 0; i < input.Length; i++) output[i] = (uint)input[i] << 16;
        return result;
    }

    private delegate void ElementMap(ReadOnlySpan<byte> source, Span<byte> destination);

    private static byte[] Map(byte[] source, DType from, DType to, ElementMap map)
    {
        int inSize = from.ElementSize(), outSize = to.ElementSize();
        int count = source.Length / inSize;
        var result = new byte[checked(count * outSize)];
        for (int i = 0; i < count; i++)
            map(source.AsSpan(i * inSize, inSize), result.AsSpan(i * outSize, outSize));
        return result;
    }

    private static double Read(ReadOnlySpan<byte> s, DType dtype) => dtype switch
    {
        DType.UInt8 => s[0],
        DType.Int8 => (sbyte)s[0],
        DType.Bool => s[0] != 0 ? 1 : 0,
        DType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(s),
        DType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s),
        DType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(s),
        DType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(s),
        DType.BFloat16 => BFloat16.ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(s)),
        DType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(s),
        DType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(s),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype"),
    };

    private static void Write(Span<byte> d, DType dtype, double value)
    {
        switch (dtype)
        {
            case DType.UInt8: d[0] = (byte)value; break;
            case DType.Int8: d[0] = (byte)(sbyte)value; break;
            case DType.Bool: d[0] = value != 0 ? (byte)1 : (byte)0; break;
            case DType.Int16: BinaryPrimitives.WriteInt16LittleEndian(d, (short)value); break;
            case DType.Int32: BinaryPrimitives.WriteInt32LittleEndian(d, (int)value); break;
            case DType.Int64: BinaryPrimitives.WriteInt64LittleEndian(d, (long)value); break;
            case DType.Float16: BinaryPrimitives.WriteHalfLittleEndian(d, (Half)value); break;
            case DType.BFloat16: BinaryPrimitives.WriteUInt16LittleEndian(d, BFloat16.FromSingle((float)value)); break;
            case DType.Float32: BinaryPrimitives.WriteSingleLittleEndian(d, (float)value); break;
            case DType.Float64: BinaryPrimitives.WriteDoubleLittleEndian(d, value); break;
            default: throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype");
        }
    }
}
