using System.Buffers.Binary;

namespace Pytti.Torch.Serialization;

/// <summary>The zip64 extended-information extra field: 64-bit values for the 32-bit fields set to 0xFFFFFFFF.</summary>
internal static class Zip64Extra
{
    private const ushort Id = 0x0001;
    private const uint Escape = 0xFFFFFFFF;

    public static void Apply(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]), extra.Length - 4);
            if (id == Id)
            {
                var data = extra.Slice(4, length);
                size = Take(ref data, size);
                compressed = Take(ref data, compressed);
                offset = Take(ref data, offset);
                return;
            }
            extra = extra[(4 + length)..];
        }
    }

    // Fields appear in order, and only those whose 32-bit value is the escape.
    private static long Take(ref ReadOnlySpan<byte> data, long value)
    {
        if (value != Escape || data.Length < 8) return value;
        long wide = BinaryPrimitives.ReadInt64LittleEndian(data);
        data = data[8..];
        return wide;
    }
}
