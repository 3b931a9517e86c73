namespace Pytti.Torch.Serialization;

/// <summary>Bytes already in memory (decompressed zip entries, tests).</summary>
internal sealed class MemoryByteSource(byte[] bytes) : IByteSource
{
    public long Length => bytes.Length;

    public void Read(long offset, Span<byte> destination) =>
        bytes.AsSpan(checked((int)offset), destination.Length).CopyTo(destination);
}
