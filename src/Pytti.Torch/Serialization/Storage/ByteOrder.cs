namespace Pytti.Torch.Serialization;

/// <summary>Element-wise byte swapping for files written on big-endian machines.</summary>
internal static class ByteOrder
{
    public static void Reverse(Span<byte> bytes, int elementSize)
    {
        if (elementSize == 1) return;
        for (int i = 0; i + elementSize <= bytes.Length; i += elementSize)
            bytes.Slice(i, elementSize).Reverse();
    }
}
