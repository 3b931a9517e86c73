using System.IO.Compression;

namespace Pytti.Torch.Serialization;

/// <summary>A compressed zip entry (rare in PyTorch files): inflated on each read, never kept.</summary>
internal sealed class DeflatedEntrySource(string path, long start, long compressedSize, long size) : IByteSource
{
    public long Length => size;

    public void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > size)
            throw WeightFormatException.Corrupt(path, "a read runs past the end of a compressed zip entry");
        if (start < 0 || compressedSize < 0 || compressedSize > new FileInfo(path).Length - start)
            throw WeightFormatException.Corrupt(path, $"a compressed zip entry claims {compressedSize} bytes at {start}, past the end of the file");
        var compressed = new byte[checked((int)compressedSize)];
        new FileRangeSource(path, start, compressedSize).Read(0, compressed);
        using var inflater = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var skip = new byte[checked((int)offset)];
        ReadExactly(inflater, skip);
        ReadExactly(inflater, destination);
    }

    private void ReadExactly(Stream stream, Span<byte> destination)
    {
        try
        {
            stream.ReadExactly(destination);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw WeightFormatException.Corrupt(path, "a compressed zip entry cannot be inflated", e);
        }
    }
}
